package org.citysafe.rules;

/**
 * China's four-colour warning scale. RED is the most severe (level I), BLUE the least (level IV).
 */
public enum Level {
    RED(4, "红色"),
    ORANGE(3, "橙色"),
    YELLOW(2, "黄色"),
    BLUE(1, "蓝色");

    private final int severity;
    private final String nameZh;

    Level(int severity, String nameZh) {
        this.severity = severity;
        this.nameZh = nameZh;
    }

    public int severity() {
        return severity;
    }

    public String nameZh() {
        return nameZh;
    }

    public boolean isMoreSevereThan(Level other) {
        return other == null || severity > other.severity;
    }

    /** The more severe of two levels; either may be null. */
    public static Level max(Level a, Level b) {
        if (a == null) return b;
        return a.isMoreSevereThan(b) ? a : b;
    }
}
