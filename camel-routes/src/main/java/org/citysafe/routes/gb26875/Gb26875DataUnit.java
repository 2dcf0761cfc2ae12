package org.citysafe.routes.gb26875;

import java.util.List;
import java.util.Map;

/**
 * An application data unit: a type, the declared object count and the information objects (GB/T 26875.3-2011, 7 and
 * 8.1). For a type this codec does not decode, {@code objects} is one {@link Gb26875InfoObject.Opaque} holding every
 * byte after the count.
 */
public record Gb26875DataUnit(int type, int objectCount, List<Gb26875InfoObject> objects) {

    public static final int SYSTEM_STATE = 1;
    public static final int COMPONENT_STATE = 2;
    public static final int COMPONENT_ANALOGUE = 3;
    public static final int SYSTEM_OPERATION = 4;
    public static final int SYSTEM_SOFTWARE_VERSION = 5;
    public static final int SYSTEM_CONFIGURATION = 6;
    public static final int COMPONENT_CONFIGURATION = 7;
    public static final int SYSTEM_TIME = 8;
    public static final int UITD_STATE = 21;
    public static final int UITD_OPERATION = 24;
    public static final int UITD_SOFTWARE_VERSION = 25;
    public static final int UITD_CONFIGURATION = 26;
    public static final int UITD_TIME = 28;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(SYSTEM_STATE, "system state"),
            Map.entry(COMPONENT_STATE, "component state"),
            Map.entry(COMPONENT_ANALOGUE, "component analogue value"),
            Map.entry(SYSTEM_OPERATION, "system operation"),
            Map.entry(SYSTEM_SOFTWARE_VERSION, "system software version"),
            Map.entry(SYSTEM_CONFIGURATION, "system configuration"),
            Map.entry(COMPONENT_CONFIGURATION, "component configuration"),
            Map.entry(SYSTEM_TIME, "system time"),
            Map.entry(UITD_STATE, "UITD state"),
            Map.entry(UITD_OPERATION, "UITD operation"),
            Map.entry(UITD_SOFTWARE_VERSION, "UITD software version"),
            Map.entry(UITD_CONFIGURATION, "UITD configuration"),
            Map.entry(UITD_TIME, "UITD time"));

    public Gb26875DataUnit {
        if (type < 0 || type > 0xFF) throw new IllegalArgumentException("type must be a byte, was " + type);
        if (objectCount < 0 || objectCount > 0xFF) throw new IllegalArgumentException("object count must be a byte");
        objects = List.copyOf(objects);
        if (isDecoded(type) && objects.size() != objectCount) {
            throw new IllegalArgumentException("type " + type + " declares " + objectCount + " objects but has "
                    + objects.size());
        }
        if (!isDecoded(type) && (objects.size() != 1 || !(objects.get(0) instanceof Gb26875InfoObject.Opaque))) {
            throw new IllegalArgumentException("type " + type + " is kept as one opaque body");
        }
    }

    /** A unit of a decoded type whose count is the number of objects. */
    public static Gb26875DataUnit of(int type, List<? extends Gb26875InfoObject> objects) {
        return new Gb26875DataUnit(type, objects.size(), List.copyOf(objects));
    }

    /** Whether the codec splits this type into objects (the upload types 1-8, 21, 24, 25, 26, 28). */
    public static boolean isDecoded(int type) {
        return NAMES.containsKey(type);
    }

    public static String describe(int type) {
        String name = NAMES.get(type);
        if (name != null) return type + " (" + name + ")";
        if (type >= 61 && type <= 91) return type + " (query or command from the centre)";
        return type >= 128 ? type + " (user-defined)" : type + " (reserved)";
    }
}
