package org.citysafe.routes.gb26875;

import org.citysafe.routes.codec.FrameRefusedException;
import org.citysafe.routes.gb26875.Gb26875InfoObject.ComponentAnalogue;
import org.citysafe.routes.gb26875.Gb26875InfoObject.ComponentConfiguration;
import org.citysafe.routes.gb26875.Gb26875InfoObject.ComponentState;
import org.citysafe.routes.gb26875.Gb26875InfoObject.Opaque;
import org.citysafe.routes.gb26875.Gb26875InfoObject.SystemConfiguration;
import org.citysafe.routes.gb26875.Gb26875InfoObject.SystemOperation;
import org.citysafe.routes.gb26875.Gb26875InfoObject.SystemSoftwareVersion;
import org.citysafe.routes.gb26875.Gb26875InfoObject.SystemState;
import org.citysafe.routes.gb26875.Gb26875InfoObject.SystemTime;
import org.citysafe.routes.gb26875.Gb26875InfoObject.UitdConfiguration;
import org.citysafe.routes.gb26875.Gb26875InfoObject.UitdOperation;
import org.citysafe.routes.gb26875.Gb26875InfoObject.UitdSoftwareVersion;
import org.citysafe.routes.gb26875.Gb26875InfoObject.UitdState;
import org.citysafe.routes.gb26875.Gb26875InfoObject.UitdTime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.citysafe.routes.gb26875.Gb26875FrameCodec.PROTOCOL;
import static org.citysafe.routes.gb26875.Gb26875FrameCodec.putU16;
import static org.citysafe.routes.gb26875.Gb26875FrameCodec.putU32;
import static org.citysafe.routes.gb26875.Gb26875FrameCodec.u16;
import static org.citysafe.routes.gb26875.Gb26875FrameCodec.u32;

/**
 * Decodes a frame's application data into a {@link Gb26875DataUnit} and back. Object sizes follow GB/T 26875.3-2011,
 * 8.2-8.3; texts are GB 18030, NUL-padded (a trailing run of spaces, as some devices pad, is trimmed too). Thread-safe.
 */
public final class Gb26875DataUnitCodec {

    public static final Charset TEXT = Charset.forName("GB18030");
    static final int DESCRIPTION_LENGTH = 31;

    private static final Map<Integer, Integer> FIXED_SIZES = Map.ofEntries(
            Map.entry(Gb26875DataUnit.SYSTEM_STATE, 10),
            Map.entry(Gb26875DataUnit.COMPONENT_STATE, 46),
            Map.entry(Gb26875DataUnit.COMPONENT_ANALOGUE, 16),
            Map.entry(Gb26875DataUnit.SYSTEM_OPERATION, 10),
            Map.entry(Gb26875DataUnit.SYSTEM_SOFTWARE_VERSION, 4),
            Map.entry(Gb26875DataUnit.COMPONENT_CONFIGURATION, 38),
            Map.entry(Gb26875DataUnit.SYSTEM_TIME, 8),
            Map.entry(Gb26875DataUnit.UITD_STATE, 7),
            Map.entry(Gb26875DataUnit.UITD_OPERATION, 8),
            Map.entry(Gb26875DataUnit.UITD_SOFTWARE_VERSION, 2),
            Map.entry(Gb26875DataUnit.UITD_TIME, 6));

    private final Gb26875Options.TimestampEncoding timeEncoding;

    public Gb26875DataUnitCodec(Gb26875Options options) {
        this.timeEncoding = options.timestampEncoding();
    }

    /** The unit in {@code appData}; empty for empty app data (confirm, deny, heartbeat). */
    public Optional<Gb26875DataUnit> decode(byte[] appData) throws FrameRefusedException {
        if (appData.length == 0) return Optional.empty();
        if (appData.length == 1) {
            throw refuse(appData, "app data of 1 byte is too short: a data unit needs a type byte and an object count");
        }
        int type = appData[0] & 0xFF;
        int count = appData[1] & 0xFF;
        if (!Gb26875DataUnit.isDecoded(type)) {
            return Optional.of(new Gb26875DataUnit(type, count,
                    List.of(new Opaque(Arrays.copyOfRange(appData, 2, appData.length)))));
        }
        Integer size = FIXED_SIZES.get(type);
        List<Gb26875InfoObject> objects = size != null
                ? decodeFixed(appData, type, count, size) : decodeVariable(appData, type, count);
        return Optional.of(new Gb26875DataUnit(type, count, objects));
    }

    private List<Gb26875InfoObject> decodeFixed(byte[] data, int type, int count, int size)
            throws FrameRefusedException {
        int body = data.length - 2;
        if (body != count * size) {
            throw refuse(data, "data unit type " + Gb26875DataUnit.describe(type) + " declares " + count
                    + " objects of " + size + " bytes = " + count * size + " bytes, but " + body + " bytes follow");
        }
        List<Gb26875InfoObject> objects = new ArrayList<>(count);
        for (int i = 0, at = 2; i < count; i++, at += size) objects.add(decodeFixedObject(type, data, at));
        return objects;
    }

    private Gb26875InfoObject decodeFixedObject(int type, byte[] b, int at) {
        return switch (type) {
            case Gb26875DataUnit.SYSTEM_STATE -> new SystemState(b[at] & 0xFF, b[at + 1] & 0xFF, u16(b, at + 2),
                    time(b, at + 4));
            case Gb26875DataUnit.COMPONENT_STATE -> new ComponentState(b[at] & 0xFF, b[at + 1] & 0xFF,
                    b[at + 2] & 0xFF, u32(b, at + 3), u16(b, at + 7), text(b, at + 9, DESCRIPTION_LENGTH),
                    time(b, at + 40));
            case Gb26875DataUnit.COMPONENT_ANALOGUE -> new ComponentAnalogue(b[at] & 0xFF, b[at + 1] & 0xFF,
                    b[at + 2] & 0xFF, u32(b, at + 3), b[at + 7] & 0xFF, (short) u16(b, at + 8), time(b, at + 10));
            case Gb26875DataUnit.SYSTEM_OPERATION -> new SystemOperation(b[at] & 0xFF, b[at + 1] & 0xFF,
                    b[at + 2] & 0xFF, b[at + 3] & 0xFF, time(b, at + 4));
            case Gb26875DataUnit.SYSTEM_SOFTWARE_VERSION -> new SystemSoftwareVersion(b[at] & 0xFF, b[at + 1] & 0xFF,
                    b[at + 2] & 0xFF, b[at + 3] & 0xFF);
            case Gb26875DataUnit.COMPONENT_CONFIGURATION -> new ComponentConfiguration(b[at] & 0xFF, b[at + 1] & 0xFF,
                    b[at + 2] & 0xFF, u32(b, at + 3), text(b, at + 7, DESCRIPTION_LENGTH));
            case Gb26875DataUnit.SYSTEM_TIME -> new SystemTime(b[at] & 0xFF, b[at + 1] & 0xFF, time(b, at + 2));
            case Gb26875DataUnit.UITD_STATE -> new UitdState(b[at] & 0xFF, time(b, at + 1));
            case Gb26875DataUnit.UITD_OPERATION -> new UitdOperation(b[at] & 0xFF, b[at + 1] & 0xFF, time(b, at + 2));
            case Gb26875DataUnit.UITD_SOFTWARE_VERSION -> new UitdSoftwareVersion(b[at] & 0xFF, b[at + 1] & 0xFF);
            case Gb26875DataUnit.UITD_TIME -> new UitdTime(time(b, at));
            default -> throw new IllegalStateException("no fixed layout for type " + type);
        };
    }

    private List<Gb26875InfoObject> decodeVariable(byte[] data, int type, int count) throws FrameRefusedException {
        boolean system = type == Gb26875DataUnit.SYSTEM_CONFIGURATION;
        int prefix = system ? 3 : 1;
        List<Gb26875InfoObject> objects = new ArrayList<>(count);
        int at = 2;
        for (int i = 1; i <= count; i++) {
            if (data.length - at < prefix) {
                throw refuse(data, "data unit type " + Gb26875DataUnit.describe(type) + " object " + i + " of "
                        + count + ": needs " + prefix + " header bytes, " + (data.length - at) + " left");
            }
            int textLength = data[at + prefix - 1] & 0xFF;
            if (data.length - at - prefix < textLength) {
                throw refuse(data, "data unit type " + Gb26875DataUnit.describe(type) + " object " + i + " of "
                        + count + ": text length " + textLength + " runs past the end of the app data ("
                        + (data.length - at - prefix) + " bytes left)");
            }
            String text = text(data, at + prefix, textLength);
            objects.add(system ? new SystemConfiguration(data[at] & 0xFF, data[at + 1] & 0xFF, text)
                    : new UitdConfiguration(text));
            at += prefix + textLength;
        }
        if (at != data.length) {
            throw refuse(data, "data unit type " + Gb26875DataUnit.describe(type) + ": " + (data.length - at)
                    + " bytes left over after " + count + " objects");
        }
        return objects;
    }

    public byte[] encode(Gb26875DataUnit unit) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(unit.type());
        out.write(unit.objectCount());
        for (Gb26875InfoObject object : unit.objects()) {
            requireType(unit.type(), object);
            out.writeBytes(encode(object));
        }
        return out.toByteArray();
    }

    private byte[] encode(Gb26875InfoObject object) {
        if (object instanceof SystemState o) {
            byte[] b = new byte[10];
            b[0] = (byte) o.systemType();
            b[1] = (byte) o.systemAddress();
            putU16(b, 2, o.state());
            o.time().write(b, 4, timeEncoding);
            return b;
        }
        if (object instanceof ComponentState o) {
            byte[] b = new byte[46];
            component(b, o.systemType(), o.systemAddress(), o.componentType(), o.componentAddress());
            putU16(b, 7, o.state());
            putText(b, 9, DESCRIPTION_LENGTH, o.description());
            o.time().write(b, 40, timeEncoding);
            return b;
        }
        if (object instanceof ComponentAnalogue o) {
            byte[] b = new byte[16];
            component(b, o.systemType(), o.systemAddress(), o.componentType(), o.componentAddress());
            b[7] = (byte) o.analogueType();
            putU16(b, 8, o.value() & 0xFFFF);
            o.time().write(b, 10, timeEncoding);
            return b;
        }
        if (object instanceof SystemOperation o) {
            byte[] b = new byte[10];
            b[0] = (byte) o.systemType();
            b[1] = (byte) o.systemAddress();
            b[2] = (byte) o.operation();
            b[3] = (byte) o.operator();
            o.time().write(b, 4, timeEncoding);
            return b;
        }
        if (object instanceof SystemSoftwareVersion o) {
            return new byte[]{(byte) o.systemType(), (byte) o.systemAddress(), (byte) o.major(), (byte) o.minor()};
        }
        if (object instanceof SystemConfiguration o) {
            byte[] text = textBytes(o.description(), 255);
            byte[] b = new byte[3 + text.length];
            b[0] = (byte) o.systemType();
            b[1] = (byte) o.systemAddress();
            b[2] = (byte) text.length;
            System.arraycopy(text, 0, b, 3, text.length);
            return b;
        }
        if (object instanceof ComponentConfiguration o) {
            byte[] b = new byte[38];
            component(b, o.systemType(), o.systemAddress(), o.componentType(), o.componentAddress());
            putText(b, 7, DESCRIPTION_LENGTH, o.description());
            return b;
        }
        if (object instanceof SystemTime o) {
            byte[] b = new byte[8];
            b[0] = (byte) o.systemType();
            b[1] = (byte) o.systemAddress();
            o.time().write(b, 2, timeEncoding);
            return b;
        }
        if (object instanceof UitdState o) {
            byte[] b = new byte[7];
            b[0] = (byte) o.state();
            o.time().write(b, 1, timeEncoding);
            return b;
        }
        if (object instanceof UitdOperation o) {
            byte[] b = new byte[8];
            b[0] = (byte) o.operation();
            b[1] = (byte) o.operator();
            o.time().write(b, 2, timeEncoding);
            return b;
        }
        if (object instanceof UitdSoftwareVersion o) {
            return new byte[]{(byte) o.major(), (byte) o.minor()};
        }
        if (object instanceof UitdConfiguration o) {
            byte[] text = textBytes(o.description(), 255);
            byte[] b = new byte[1 + text.length];
            b[0] = (byte) text.length;
            System.arraycopy(text, 0, b, 1, text.length);
            return b;
        }
        if (object instanceof UitdTime o) {
            byte[] b = new byte[6];
            o.time().write(b, 0, timeEncoding);
            return b;
        }
        return ((Opaque) object).body();
    }

    /** The data unit type an object belongs to; for {@link Opaque}, whatever type carries it. */
    static int typeOf(Gb26875InfoObject object, int carrierType) {
        if (object instanceof SystemState) return Gb26875DataUnit.SYSTEM_STATE;
        if (object instanceof ComponentState) return Gb26875DataUnit.COMPONENT_STATE;
        if (object instanceof ComponentAnalogue) return Gb26875DataUnit.COMPONENT_ANALOGUE;
        if (object instanceof SystemOperation) return Gb26875DataUnit.SYSTEM_OPERATION;
        if (object instanceof SystemSoftwareVersion) return Gb26875DataUnit.SYSTEM_SOFTWARE_VERSION;
        if (object instanceof SystemConfiguration) return Gb26875DataUnit.SYSTEM_CONFIGURATION;
        if (object instanceof ComponentConfiguration) return Gb26875DataUnit.COMPONENT_CONFIGURATION;
        if (object instanceof SystemTime) return Gb26875DataUnit.SYSTEM_TIME;
        if (object instanceof UitdState) return Gb26875DataUnit.UITD_STATE;
        if (object instanceof UitdOperation) return Gb26875DataUnit.UITD_OPERATION;
        if (object instanceof UitdSoftwareVersion) return Gb26875DataUnit.UITD_SOFTWARE_VERSION;
        if (object instanceof UitdConfiguration) return Gb26875DataUnit.UITD_CONFIGURATION;
        if (object instanceof UitdTime) return Gb26875DataUnit.UITD_TIME;
        return carrierType;
    }

    private static void requireType(int type, Gb26875InfoObject object) {
        if (typeOf(object, type) != type) {
            throw new IllegalArgumentException(object.getClass().getSimpleName() + " cannot be sent as type " + type);
        }
    }

    private static void component(byte[] b, int systemType, int systemAddress, int componentType, long address) {
        b[0] = (byte) systemType;
        b[1] = (byte) systemAddress;
        b[2] = (byte) componentType;
        putU32(b, 3, address);
    }

    private Gb26875Time time(byte[] b, int at) {
        return Gb26875Time.read(b, at, timeEncoding);
    }

    /** Text up to the first NUL, without trailing spaces (padding); never fails, bad sequences become U+FFFD. */
    static String text(byte[] b, int at, int length) {
        int end = at;
        while (end < at + length && b[end] != 0) end++;
        while (end > at && b[end - 1] == ' ') end--;
        return new String(b, at, end - at, TEXT);
    }

    private static void putText(byte[] b, int at, int length, String text) {
        byte[] bytes = textBytes(text, length);
        System.arraycopy(bytes, 0, b, at, bytes.length);
    }

    private static byte[] textBytes(String text, int max) {
        byte[] bytes = text.getBytes(TEXT);
        if (bytes.length > max) {
            throw new IllegalArgumentException("text is " + bytes.length + " bytes in GB 18030, the field holds " + max);
        }
        return bytes;
    }

    private static FrameRefusedException refuse(byte[] appData, String reason) {
        return new FrameRefusedException(PROTOCOL, appData, reason);
    }
}
