package org.citysafe.routes.hj212;

import java.util.Objects;

/**
 * One HJ 212 data segment, parsed: {@code QN=...;ST=..;CN=....;PW=...;MN=...;Flag=.;PNUM=..;PNO=..;CP=&&...&&}.
 * Fields the packet did not carry are null ({@code QN} and {@code Flag} are missing in HJ/T 212-2005 style packets,
 * {@code PNUM}/{@code PNO} outside split packets).
 *
 * @param qn   request id, {@code yyyyMMddHHmmssSSS} in the station's clock
 * @param st   system code: 21 surface water, 22 air, 31/32 air/water pollution source, 91 system interaction, ...
 * @param cn   command code: 2011 real-time data, 2051 minute, 2061 hour, 2031 day, 9014 data response, ...
 * @param pw   access password
 * @param mn   the station's unique id (24 characters in HJ 212-2017)
 * @param flag {@code V5..V0 D A}: A (bit 0) asks for a response, D (bit 1) marks a split packet, V the version
 * @param pnum total number of packets of a split packet
 * @param pno  this packet's number, 1-based
 */
public record Hj212Packet(String qn, String st, String cn, String pw, String mn, Integer flag, Integer pnum,
                          Integer pno, Hj212Cp cp) {

    public static final int FLAG_ACK = 1;
    public static final int FLAG_SPLIT = 2;

    public Hj212Packet {
        Objects.requireNonNull(st, "st");
        Objects.requireNonNull(cn, "cn");
        Objects.requireNonNull(mn, "mn");
        Objects.requireNonNull(cp, "cp");
    }

    /** Flag bit A: the station wants the data response. */
    public boolean ackRequested() {
        return flag != null && (flag & FLAG_ACK) != 0;
    }

    /** Part of a packet split in several (PNUM above 1). */
    public boolean isPart() {
        return pnum != null && pnum > 1;
    }

    public Hj212Packet withCp(Hj212Cp value) {
        return new Hj212Packet(qn, st, cn, pw, mn, flag, pnum, pno, value);
    }
}
