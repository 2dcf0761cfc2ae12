package org.citysafe.service.suppression;

import org.citysafe.rules.network.AssetNetwork;
import org.citysafe.rules.network.Relation;
import org.citysafe.rules.network.Route;
import org.citysafe.rules.state.Silence;
import org.citysafe.service.network.AssetNetworkStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Inhibition along the network, in the manner of an Alertmanager inhibit rule whose matching label is "downstream of
 * this asset": a silence of scope {@value #SCOPE} on an asset (a gas valve closed for maintenance, a pump station
 * taken out of service) holds back the alarm types it names on every device attached to that asset or to any asset
 * downstream of it, following {@code downstream-of} links in the direction of flow, at most {@code hops} links away.
 * The rules see one device silence per device reached, with the same id, window, level and reason; the network as it
 * is at decision time decides who is covered, so an asset imported later is covered at once.
 */
@Component
public class DownstreamSilences {

    public static final String SCOPE = "DOWNSTREAM";

    private final AssetNetworkStore assets;
    private final int hops;

    public DownstreamSilences(AssetNetworkStore assets, @Value("${citysafe.silences.downstream-hops:20}") int hops) {
        this.assets = assets;
        this.hops = hops;
    }

    /** Whether the asset a downstream silence names is known. */
    public boolean knows(String assetId) {
        return assets.network().asset(assetId).isPresent();
    }

    /** The district of the asset, for a regulator's scope. */
    public String districtOf(String assetId) {
        return assets.network().asset(assetId).map(a -> a.districtPath()).orElse(null);
    }

    /** The same silences, each downstream one replaced by a device silence per device it reaches. */
    public List<Silence> expand(List<Silence> silences) {
        if (silences.stream().noneMatch(s -> SCOPE.equals(s.scopeType()))) return silences;
        AssetNetwork network = assets.network();
        List<Silence> out = new ArrayList<>(silences.size());
        for (Silence s : silences) {
            if (!SCOPE.equals(s.scopeType())) {
                out.add(s);
                continue;
            }
            Set<String> reached = new LinkedHashSet<>(network.devicesOn(s.scope()));
            for (Route r : network.reach(s.scope(), Set.of(Relation.DOWNSTREAM_OF), hops, Double.MAX_VALUE, true,
                    a -> true)) {
                reached.addAll(network.devicesOn(r.target().id()));
            }
            String reason = s.reason() + " (downstream of " + s.scope() + ")";
            for (String device : reached) {
                out.add(new Silence(s.id(), "DEVICE", device, s.alarmTypes(), s.maxLevel(), s.startsAt(), s.endsAt(),
                        s.author(), reason));
            }
        }
        return out;
    }
}
