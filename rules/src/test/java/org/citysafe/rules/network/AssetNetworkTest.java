package org.citysafe.rules.network;

import org.citysafe.rules.Location;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AssetNetworkTest {

    static Asset asset(String id, AssetKind kind, double lat, double lon) {
        return new Asset(id, kind, null, "hefei/shushan", new Location(lat, lon), Map.of());
    }

    /** A sewer line W1 -> W2 -> W3 (water flows that way) ending at a pump station; W2 shares a trench space. */
    static AssetNetwork sewer() {
        AssetNetwork n = new AssetNetwork();
        n.apply(List.of(asset("W1", AssetKind.DRAINAGE_WELL, 31.8200, 117.2200),
                        asset("W2", AssetKind.DRAINAGE_WELL, 31.8205, 117.2200),
                        asset("W3", AssetKind.DRAINAGE_WELL, 31.8210, 117.2200),
                        asset("PS", AssetKind.PUMP_STATION, 31.8215, 117.2200),
                        asset("CT", AssetKind.CABLE_TRENCH, 31.8205, 117.2201)),
                List.of(new Link("W2", "W1", Relation.DOWNSTREAM_OF, 55),
                        new Link("W3", "W2", Relation.DOWNSTREAM_OF, 55),
                        new Link("PS", "W3", Relation.DOWNSTREAM_OF, 55),
                        new Link("W2", "CT", Relation.SHARES_SPACE, 3)));
        return n;
    }

    @Test
    void reachIsBoundedByHopsAndMetres() {
        AssetNetwork n = sewer();
        Set<Relation> all = Set.of(Relation.values());
        assertThat(n.reach("W1", all, 2, 1000, false, a -> true)).extracting(r -> r.target().id())
                .containsExactly("W2", "CT", "W3");
        assertThat(n.reach("W1", all, 3, 1000, false, a -> true)).extracting(r -> r.target().id())
                .containsExactly("W2", "CT", "W3", "PS");
        assertThat(n.reach("W1", all, 5, 100, false, a -> true)).extracting(r -> r.target().id())
                .containsExactly("W2", "CT");
    }

    @Test
    void downstreamOnlyFollowsTheWater() {
        AssetNetwork n = sewer();
        Set<Relation> down = Set.of(Relation.DOWNSTREAM_OF);
        assertThat(n.reach("W1", down, 5, 1000, true, a -> a.kind() == AssetKind.PUMP_STATION))
                .singleElement().satisfies(r -> {
                    assertThat(r.hops()).isEqualTo(3);
                    assertThat(r.metres()).isEqualTo(165);
                    assertThat(r.assetIds()).containsExactly("W1", "W2", "W3", "PS");
                    assertThat(r.describeEn(n)).startsWith("drainage well W1 is upstream of drainage well W2 (55 m)");
                });
        assertThat(n.reach("PS", down, 5, 1000, true, a -> true)).as("nothing is downstream of the pump station")
                .isEmpty();
    }

    @Test
    void relationsNotAllowedAreNotWalked() {
        AssetNetwork n = sewer();
        assertThat(n.reach("W2", Set.of(Relation.CONNECTS), 3, 1000, false, a -> true)).isEmpty();
        assertThat(n.reach("W2", Set.of(Relation.SHARES_SPACE), 3, 1000, false, a -> true))
                .extracting(r -> r.target().id()).containsExactly("CT");
    }

    @Test
    void withinFindsAssetsByStraightLineDistance() {
        AssetNetwork n = sewer();
        assertThat(n.within("W1", 56, a -> true)).extracting(r -> r.target().id()).containsExactly("W2");
        assertThat(n.within("W1", 120, a -> true)).extracting(r -> r.target().id())
                .containsExactly("W2", "CT", "W3");
    }

    @Test
    void updatesAreIncrementalAndAllOrNothing() {
        AssetNetwork n = sewer();
        n.apply(List.of(asset("W1", AssetKind.DRAINAGE_WELL, 31.8300, 117.2200)),
                List.of(new Link("W2", "W1", Relation.DOWNSTREAM_OF, 900)));
        assertThat(n.size()).isEqualTo(5);
        assertThat(n.linkCount()).isEqualTo(4);
        assertThat(n.within("W2", 200, a -> true)).extracting(r -> r.target().id()).doesNotContain("W1");
        assertThat(n.reach("W2", Set.of(Relation.DOWNSTREAM_OF), 1, 1000, false, a -> true))
                .filteredOn(r -> r.target().id().equals("W1")).singleElement()
                .satisfies(r -> assertThat(r.metres()).isEqualTo(900));

        assertThatThrownBy(() -> n.apply(List.of(asset("X", AssetKind.BUILDING, 31.82, 117.22)),
                List.of(new Link("X", "NOPE", Relation.CONNECTS, 1))))
                .hasMessageContaining("asset 'NOPE' is neither known nor in this batch");
        assertThat(n.asset("X")).as("nothing of a refused batch is applied").isEmpty();
    }

    @Test
    void devicesAreAttachedToAssets() {
        AssetNetwork n = sewer();
        n.attach("gas-1", "W1");
        n.attach("gas-1", "W2");
        assertThat(n.assetOf("gas-1")).contains("W2");
        assertThat(n.devicesOn("W1")).isEmpty();
        assertThat(n.devicesOn("W2")).containsExactly("gas-1");
    }
}
