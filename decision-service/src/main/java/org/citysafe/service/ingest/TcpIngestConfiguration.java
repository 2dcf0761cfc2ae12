package org.citysafe.service.ingest;

import org.citysafe.routes.codec.MetricTable;
import org.citysafe.routes.gb26875.Gb26875Protocol;
import org.citysafe.routes.gb26875.Gb26875ReadingMapper;
import org.citysafe.routes.hj212.Hj212Protocol;
import org.citysafe.routes.hj212.Hj212ReadingMapper;
import org.citysafe.routes.ingest.CanonicalReadings;
import org.citysafe.routes.tcp.TcpProtocol;
import org.citysafe.routes.tcp.TcpReadingsRoute;
import org.citysafe.rules.catalog.MetricCatalog;
import org.citysafe.service.decision.DecisionService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * GB/T 26875.3 and HJ 212 over TCP: one route over every configured protocol, one Netty consumer per port, feeding the
 * same decision path as MQTT, Kafka and HTTP. Nothing listens unless ports are configured.
 */
@Configuration(proxyBeanMethods = false)
class TcpIngestConfiguration {

    @Bean
    CanonicalReadings canonicalReadings(MetricCatalog catalogue) {
        return new CanonicalReadings(catalogue);
    }

    @Bean
    @ConditionalOnExpression("!'${citysafe.protocols.gb26875.listeners[0].port:}'.isBlank()")
    Gb26875Protocol gb26875Protocol(ProtocolProperties properties, Clock clock) {
        ProtocolProperties.Gb26875 gb = properties.gb26875();
        MetricTable table = withSiteRows(Gb26875ReadingMapper.bundledAnalogueTable(), gb.analogueTable());
        return new Gb26875Protocol(gb.listeners().stream().map(ProtocolProperties.Gb26875Listener::toRoute).toList(),
                table, clock);
    }

    @Bean
    @ConditionalOnExpression("!'${citysafe.protocols.hj212.listeners[0].port:}'.isBlank()")
    Hj212Protocol hj212Protocol(ProtocolProperties properties, Clock clock) {
        ProtocolProperties.Hj212 hj = properties.hj212();
        MetricTable table = withSiteRows(Hj212ReadingMapper.bundledFactorTable(), hj.factorTable());
        return new Hj212Protocol(hj.listeners().stream().map(ProtocolProperties.Hj212Listener::toRoute).toList(),
                table, clock);
    }

    /** One route for every protocol configured with a port (with none, it listens nowhere). */
    @Bean
    TcpReadingsRoute tcpReadingsRoute(ObjectProvider<TcpProtocol> protocols, CanonicalReadings canonical,
                                      DecisionService decisions) {
        return new TcpReadingsRoute(protocols.orderedStream().toList(), canonical, decisions);
    }

    /** The bundled table with the rows of the site's file (if one is configured) added or replacing ours. */
    static MetricTable withSiteRows(MetricTable bundled, String sitePath) {
        if (sitePath == null || sitePath.isBlank()) return bundled;
        Path path = Path.of(sitePath);
        try (InputStream in = Files.newInputStream(path)) {
            return bundled.overriddenBy(MetricTable.parse(in, path.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the code-to-metric table " + path, e);
        }
    }
}
