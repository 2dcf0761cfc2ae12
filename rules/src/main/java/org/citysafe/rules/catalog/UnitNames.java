package org.citysafe.rules.catalog;

import java.util.Locale;

/** Unit spellings differ by vendor ("%LEL", "% lel", "LEL%"); compare them in one folded form. */
public final class UnitNames {

    private UnitNames() {
    }

    public static String normalise(String unit) {
        if (unit == null) return "";
        return unit.replace(" ", "").replace("℃", "°c").toLowerCase(Locale.ROOT);
    }
}
