package org.citysafe.service.ingest;

import org.citysafe.routes.codec.MetricTable;
import org.citysafe.routes.gb26875.Gb26875ReadingMapper;
import org.citysafe.routes.gb26875.Gb26875TcpRoute;
import org.citysafe.routes.hj212.Hj212ReadingMapper;
import org.citysafe.routes.hj212.Hj212TcpRoute;
import org.citysafe.routes.ingest.CanonicalReadings;
import org.citysafe.rules.catalog.MetricCatalog;
import org.citysafe.service.decision.DecisionService;
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
 * GB/T 26875.3 and HJ 212 over TCP: a route per protocol with one Netty consumer per configured port, feeding the
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
    Gb26875TcpRoute gb26875TcpRoute(ProtocolProperties properties, CanonicalReadings canonical,
                                    DecisionService decisions, Clock clock) {
        ProtocolProperties.Gb26875 gb = properties.gb26875();
        MetricTable table = withSiteRows(Gb26875ReadingMapper.bundledAnalogueTable(), gb.analogueTable());
        return new Gb26875TcpRoute(gb.listeners().stream().map(ProtocolProperties.Gb26875Listener::toRoute).toList(),
                table, canonical, decisions, clock);
    }

    @Bean
    @ConditionalOnExpression("!'${citysafe.protocols.hj212.listeners[0].port:}'.isBlank()")
    Hj212TcpRoute hj212TcpRoute(ProtocolProperties properties, CanonicalReadings canonical,
                                DecisionService decisions, Clock clock) {
        ProtocolProperties.Hj212 hj = properties.hj212();
        MetricTable table = withSiteRows(Hj212ReadingMapper.bundledFactorTable(), hj.factorTable());
        return new Hj212TcpRoute(hj.listeners().stream().map(ProtocolProperties.Hj212Listener::toRoute).toList(),
                table, canonical, decisions, clock);
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
