package org.citysafe.routes.gb26875;

import java.util.Arrays;
import java.util.Objects;

/**
 * One information object of an application data unit (GB/T 26875.3-2011, 8.2). The records keep the wire values;
 * the boolean methods read the standard's bit fields. Addresses and types are unsigned.
 */
public sealed interface Gb26875InfoObject {

    /** Type 1, 10 bytes: a building fire-protection system's state (8.2.1.1). */
    record SystemState(int systemType, int systemAddress, int state, Gb26875Time time) implements Gb26875InfoObject {
        public SystemState {
            requireByte(systemType, systemAddress);
            requireWord(state);
        }

        /** Bit 0: 1 = normal running, 0 = test. */
        public boolean runningNormally() { return bit(state, 0); }
        public boolean fireAlarm() { return bit(state, 1); }
        public boolean fault() { return bit(state, 2); }
        /** Bit 3, 屏蔽: shielded / isolated. */
        public boolean shielded() { return bit(state, 3); }
        /** Bit 4, 监管: supervisory signal. */
        public boolean supervisory() { return bit(state, 4); }
        /** Bit 5: started (on) rather than stopped (off). */
        public boolean started() { return bit(state, 5); }
        public boolean feedback() { return bit(state, 6); }
        public boolean delayed() { return bit(state, 7); }
        public boolean mainPowerFault() { return bit(state, 8); }
        public boolean backupPowerFault() { return bit(state, 9); }
        public boolean busFault() { return bit(state, 10); }
        /** Bit 11: manual rather than automatic mode. */
        public boolean manualMode() { return bit(state, 11); }
        public boolean configurationChanged() { return bit(state, 12); }
        public boolean reset() { return bit(state, 13); }
    }

    /**
     * Type 2, 46 bytes: a component's state (8.2.1.2). The 4-byte address is often zone (low 2 bytes) and position
     * (high 2 bytes); we keep it as one number.
     */
    record ComponentState(int systemType, int systemAddress, int componentType, long componentAddress, int state,
                          String description, Gb26875Time time) implements Gb26875InfoObject {
        public ComponentState {
            requireByte(systemType, systemAddress, componentType);
            requireDword(componentAddress);
            requireWord(state);
            Objects.requireNonNull(description, "description");
        }

        /** Bit 0: 1 = normal running, 0 = test. */
        public boolean runningNormally() { return bit(state, 0); }
        public boolean fireAlarm() { return bit(state, 1); }
        public boolean fault() { return bit(state, 2); }
        public boolean shielded() { return bit(state, 3); }
        public boolean supervisory() { return bit(state, 4); }
        public boolean started() { return bit(state, 5); }
        public boolean feedback() { return bit(state, 6); }
        public boolean delayed() { return bit(state, 7); }
        public boolean powerFault() { return bit(state, 8); }
    }

    /**
     * Type 3, 16 bytes: a component's analogue value (8.2.1.3). {@code value} is the signed 16-bit wire value; its
     * unit and resolution depend on {@code analogueType} (e.g. 3 = temperature in 0.1 °C).
     */
    record ComponentAnalogue(int systemType, int systemAddress, int componentType, long componentAddress,
                             int analogueType, int value, Gb26875Time time) implements Gb26875InfoObject {
        public ComponentAnalogue {
            requireByte(systemType, systemAddress, componentType, analogueType);
            requireDword(componentAddress);
            if (value < Short.MIN_VALUE || value > Short.MAX_VALUE) throw new IllegalArgumentException("not int16");
        }
    }

    /** Type 4, 10 bytes: an operator's action on a system (8.2.1.4). */
    record SystemOperation(int systemType, int systemAddress, int operation, int operator, Gb26875Time time)
            implements Gb26875InfoObject {
        public SystemOperation {
            requireByte(systemType, systemAddress, operation, operator);
        }

        public boolean reset() { return bit(operation, 0); }
        public boolean silence() { return bit(operation, 1); }
        public boolean manualAlarm() { return bit(operation, 2); }
        public boolean alarmCleared() { return bit(operation, 3); }
        public boolean selfTest() { return bit(operation, 4); }
        public boolean confirm() { return bit(operation, 5); }
        public boolean test() { return bit(operation, 6); }
    }

    /** Type 5, 4 bytes. */
    record SystemSoftwareVersion(int systemType, int systemAddress, int major, int minor) implements Gb26875InfoObject {
        public SystemSoftwareVersion {
            requireByte(systemType, systemAddress, major, minor);
        }
    }

    /** Type 6, 3 + L bytes: free-text configuration, GB 18030. */
    record SystemConfiguration(int systemType, int systemAddress, String description) implements Gb26875InfoObject {
        public SystemConfiguration {
            requireByte(systemType, systemAddress);
            Objects.requireNonNull(description, "description");
        }
    }

    /** Type 7, 38 bytes. */
    record ComponentConfiguration(int systemType, int systemAddress, int componentType, long componentAddress,
                                  String description) implements Gb26875InfoObject {
        public ComponentConfiguration {
            requireByte(systemType, systemAddress, componentType);
            requireDword(componentAddress);
            Objects.requireNonNull(description, "description");
        }
    }

    /** Type 8, 8 bytes: a system's clock. */
    record SystemTime(int systemType, int systemAddress, Gb26875Time time) implements Gb26875InfoObject {
        public SystemTime {
            requireByte(systemType, systemAddress);
        }
    }

    /** Type 21, 7 bytes: the transmission device's own running state (8.2.1.8). */
    record UitdState(int state, Gb26875Time time) implements Gb26875InfoObject {
        public UitdState {
            requireByte(state);
        }

        /** Bit 0: 1 = normal monitoring, 0 = test. */
        public boolean runningNormally() { return bit(state, 0); }
        public boolean fireAlarm() { return bit(state, 1); }
        public boolean fault() { return bit(state, 2); }
        public boolean mainPowerFault() { return bit(state, 3); }
        public boolean backupPowerFault() { return bit(state, 4); }
        /** Bit 5: the channel to the monitoring centre is faulty. */
        public boolean centreLinkFault() { return bit(state, 5); }
        /** Bit 6: the line to the monitored fire alarm system is faulty. */
        public boolean monitoredLineFault() { return bit(state, 6); }
    }

    /** Type 24, 8 bytes: an operator's action on the transmission device (8.2.1.9). */
    record UitdOperation(int operation, int operator, Gb26875Time time) implements Gb26875InfoObject {
        public UitdOperation {
            requireByte(operation, operator);
        }

        public boolean reset() { return bit(operation, 0); }
        public boolean silence() { return bit(operation, 1); }
        public boolean manualAlarm() { return bit(operation, 2); }
        public boolean alarmCleared() { return bit(operation, 3); }
        public boolean selfTest() { return bit(operation, 4); }
        /** Bit 5, 查岗应答: the operator answered the centre's duty check. */
        public boolean dutyCheckAnswered() { return bit(operation, 5); }
        public boolean test() { return bit(operation, 6); }
    }

    /** Type 25, 2 bytes. */
    record UitdSoftwareVersion(int major, int minor) implements Gb26875InfoObject {
        public UitdSoftwareVersion {
            requireByte(major, minor);
        }
    }

    /** Type 26, 1 + L bytes. */
    record UitdConfiguration(String description) implements Gb26875InfoObject {
        public UitdConfiguration {
            Objects.requireNonNull(description, "description");
        }
    }

    /** Type 28, 6 bytes: the transmission device's clock. */
    record UitdTime(Gb26875Time time) implements Gb26875InfoObject {
    }

    /**
     * The objects of a type this codec does not decode (queries 61-91, user-defined 128-255, reserved), kept whole:
     * their object size is not known, so they cannot be split.
     */
    record Opaque(byte[] body) implements Gb26875InfoObject {
        public Opaque {
            body = body.clone();
        }

        @Override
        public byte[] body() {
            return body.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Opaque other && Arrays.equals(body, other.body);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(body);
        }

        @Override
        public String toString() {
            return "Opaque[" + body.length + " bytes]";
        }
    }

    private static boolean bit(int value, int index) {
        return (value >> index & 1) == 1;
    }

    private static void requireByte(int... values) {
        for (int value : values) {
            if (value < 0 || value > 0xFF) throw new IllegalArgumentException("not an unsigned byte: " + value);
        }
    }

    private static void requireWord(int value) {
        if (value < 0 || value > 0xFFFF) throw new IllegalArgumentException("not an unsigned 16-bit word: " + value);
    }

    private static void requireDword(long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) throw new IllegalArgumentException("not an unsigned 32-bit value: " + value);
    }
}
