package org.citysafe.routes.hj212;

import org.citysafe.routes.codec.Frames;
import org.citysafe.routes.hj212.Hj212SplitPacketAssembler.Part;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class Hj212SplitPacketAssemblerTest {

    private static final Instant T0 = Instant.parse("2024-07-01T03:00:00Z");
    private final Hj212Options options = Hj212Options.standard();
    private final Hj212PacketCodec codec = new Hj212PacketCodec(options);
    private final Hj212SplitPacketAssembler assembler = new Hj212SplitPacketAssembler(options);

    @Test
    void passesAWholePacketStraightThrough() throws Exception {
        Part whole = part(Frames.hj212("constructed-drainage-realtime"));

        assertThat(assembler.offer(whole, T0).ready()).containsExactly(whole);
        assertThat(assembler.pendingPackets()).isZero();
    }

    @Test
    void joinsThePartsInPartNumberOrderWhicheverArrivesFirst() throws Exception {
        List<byte[]> parts = Frames.hj212All("constructed-split-hour");

        Hj212SplitPacketAssembler.Offered first = assembler.offer(part(parts.get(1)), T0);
        Hj212SplitPacketAssembler.Offered second = assembler.offer(part(parts.get(0)), T0.plusSeconds(1));

        assertThat(first.ready()).isEmpty();
        assertThat(first.held()).isTrue();
        assertThat(second.held()).isFalse();
        Hj212Packet joined = second.ready().get(0).packet();
        assertThat(joined.pnum()).isNull();
        assertThat(joined.pno()).isNull();
        assertThat(joined.flag()).isEqualTo(5);
        assertThat(joined.cp().format()).isEqualTo("DataTime=20240701100000;xd0101-Avg=1.10,xd0101-Flag=N;"
                + "xg0101-Avg=3.2,xg0101-Flag=N");
        assertThat(second.ready().get(0).raw()).isEqualTo(Hj212StreamFramerTest.concat(parts.get(0), parts.get(1)));
        assertThat(assembler.pendingPackets()).isZero();
    }

    @Test
    void keepsTheLatestCopyOfAPartSentTwice() throws Exception {
        List<byte[]> parts = Frames.hj212All("constructed-split-hour");

        Part first = part(parts.get(0));
        assembler.offer(first, T0);
        Hj212SplitPacketAssembler.Offered again = assembler.offer(part(parts.get(0)), T0);

        assertThat(again.replaced()).containsExactly(first);
        assertThat(assembler.pendingPackets()).isEqualTo(1);
        assertThat(assembler.offer(part(parts.get(1)), T0).ready()).hasSize(1);
    }

    @Test
    void releasesPartsAloneWhenTheirSiblingsAreLate() throws Exception {
        Part first = part(Frames.hj212All("constructed-split-hour").get(0));
        assembler.offer(first, T0);

        assertThat(assembler.expire(T0.plus(Duration.ofSeconds(59)))).isEmpty();
        assertThat(assembler.expire(T0.plus(Duration.ofSeconds(60)))).containsExactly(first);
        assertThat(assembler.pendingPackets()).isZero();
    }

    @Test
    void releasesTheOldestIncompletePacketWhenTooManyWait() throws Exception {
        Hj212SplitPacketAssembler small = new Hj212SplitPacketAssembler(options.withMaxPendingSplitPackets(1));
        Part a = part(Hj212PacketCodecTest.packet("QN=1;ST=32;CN=2061;MN=A;Flag=6;PNUM=2;PNO=1;CP=&&x=1&&"));
        Part b = part(Hj212PacketCodecTest.packet("QN=2;ST=32;CN=2061;MN=A;Flag=6;PNUM=2;PNO=1;CP=&&x=2&&"));

        small.offer(a, T0);
        Hj212SplitPacketAssembler.Offered offered = small.offer(b, T0);

        assertThat(offered.ready()).containsExactly(a);
        assertThat(offered.held()).isTrue();
        assertThat(small.drain()).containsExactly(b);
    }

    private Part part(byte[] raw) throws Exception {
        return new Part(codec.decode(raw), raw);
    }
}
