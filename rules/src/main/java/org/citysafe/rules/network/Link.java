package org.citysafe.rules.network;

/**
 * An edge of the asset network. One link per (from, to, relation); importing it again updates its distance.
 *
 * @param distanceMetres how far apart the two assets are along this relation (0 where they touch)
 */
public record Link(String from, String to, Relation relation, double distanceMetres) {

    public String key() {
        return from + '\u0000' + to + '\u0000' + relation.code();
    }
}
