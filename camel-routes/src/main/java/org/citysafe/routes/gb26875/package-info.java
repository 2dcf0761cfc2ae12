/**
 * GB/T 26875.3-2011, the binary protocol between a fire alarm user information transmission device (UITD, 用户信息传输装置)
 * and the remote monitoring centre. One {@link org.citysafe.routes.gb26875.Gb26875Session} per TCP connection
 * frames the byte stream, decodes and validates frames, builds the confirm/deny reply and maps data units to
 * canonical readings. The layers are usable on their own: {@link org.citysafe.routes.gb26875.Gb26875StreamFramer},
 * {@link org.citysafe.routes.gb26875.Gb26875FrameCodec}, {@link org.citysafe.routes.gb26875.Gb26875DataUnitCodec},
 * {@link org.citysafe.routes.gb26875.Gb26875Acknowledgements}, {@link org.citysafe.routes.gb26875.Gb26875ReadingMapper}.
 * Frame layout, vendor variants and mapping tables: {@code docs/PROTOCOLS.md}.
 */
package org.citysafe.routes.gb26875;
