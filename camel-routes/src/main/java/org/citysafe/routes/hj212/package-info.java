/**
 * HJ 212-2017, the text protocol environmental and lifeline monitoring stations (data loggers, 数采仪) use over TCP.
 * One {@link org.citysafe.routes.hj212.Hj212Session} per connection frames the stream, checks length and CRC,
 * parses the data segment, answers with the data response (CN=9014) when the packet asks for one, reassembles split
 * packets and maps factor values to canonical readings. The layers are usable on their own:
 * {@link org.citysafe.routes.hj212.Hj212StreamFramer}, {@link org.citysafe.routes.hj212.Hj212PacketCodec},
 * {@link org.citysafe.routes.hj212.Hj212Replies}, {@link org.citysafe.routes.hj212.Hj212SplitPacketAssembler},
 * {@link org.citysafe.routes.hj212.Hj212ReadingMapper}. Layout and tables: {@code docs/PROTOCOLS.md}.
 */
package org.citysafe.routes.hj212;
