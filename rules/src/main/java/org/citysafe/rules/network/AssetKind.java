package org.citysafe.rules.network;

import java.util.Arrays;
import java.util.Optional;

/** What a node of the asset network is, and which network it belongs to. Codes are the import format's. */
public enum AssetKind {
    GAS_PIPE("gas-pipe", "gas", "gas pipe segment", "燃气管段"),
    GAS_VALVE("gas-valve", "gas", "gas valve", "燃气阀门"),
    GAS_REGULATOR_STATION("gas-regulator-station", "gas", "gas regulator station", "燃气调压站"),
    DRAINAGE_WELL("drainage-well", "drainage", "drainage well", "排水检查井"),
    DRAINAGE_PIPE("drainage-pipe", "drainage", "drainage pipe", "排水管道"),
    PUMP_STATION("pump-station", "drainage", "drainage pump station", "排水泵站"),
    UTILITY_WELL("utility-well", "underground", "utility well", "地下管线井室"),
    CABLE_TRENCH("cable-trench", "power", "power cable trench", "电缆沟"),
    POWER_MANHOLE("power-manhole", "power", "power manhole", "电力井"),
    SUBSTATION("substation", "power", "substation", "变电站"),
    WATER_MAIN("water-main", "water", "water main segment", "供水管段"),
    HYDRANT("hydrant", "water", "hydrant", "消火栓"),
    HEATING_PIPE("heating-pipe", "heating", "heating pipe segment", "供热管段"),
    ROAD_SECTION("road-section", "road", "road section", "道路路段"),
    UNDERPASS("underpass", "road", "underpass", "下穿通道"),
    BUILDING("building", "building", "building", "建筑");

    private final String code;
    private final String network;
    private final String nameEn;
    private final String nameZh;

    AssetKind(String code, String network, String nameEn, String nameZh) {
        this.code = code;
        this.network = network;
        this.nameEn = nameEn;
        this.nameZh = nameZh;
    }

    public String code() {
        return code;
    }

    /** gas, drainage, underground, power, water, heating, road or building. */
    public String network() {
        return network;
    }

    public String nameEn() {
        return nameEn;
    }

    public String nameZh() {
        return nameZh;
    }

    public boolean isGas() {
        return this == GAS_PIPE || this == GAS_VALVE || this == GAS_REGULATOR_STATION;
    }

    public static Optional<AssetKind> of(String code) {
        return Arrays.stream(values()).filter(k -> k.code.equals(code)).findFirst();
    }

    public static String codes() {
        return String.join(", ", Arrays.stream(values()).map(AssetKind::code).toList());
    }
}
