/**
 * What every wire codec shares: the refusal (raw bytes + reason) that goes to the dead-letter store, the framing
 * result a stream framer yields, the code-to-metric tables, and the quality flags codecs put on readings.
 *
 * <p>Codecs are plain classes with no Camel or Netty dependency, so a TCP route can hold one framer per connection
 * and feed it whatever chunks the socket delivers.
 */
package org.citysafe.routes.codec;
