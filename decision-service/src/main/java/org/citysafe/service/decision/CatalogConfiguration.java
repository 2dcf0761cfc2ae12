package org.citysafe.service.decision;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.citysafe.routes.ingest.ReadingJsonCodec;
import org.citysafe.rules.catalog.DeviceTypeCatalog;
import org.citysafe.rules.catalog.MetricCatalog;
import org.citysafe.service.CitysafeProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
class CatalogConfiguration {

    @Bean
    MetricCatalog metricCatalog() {
        return MetricCatalog.bundled();
    }

    @Bean
    DeviceTypeCatalog deviceTypeCatalog() {
        return DeviceTypeCatalog.bundled();
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    ReadingJsonCodec readingJsonCodec(ObjectMapper json, MetricCatalog metrics, Clock clock,
                                      CitysafeProperties properties) {
        return new ReadingJsonCodec(json, metrics, clock, properties.ingest().maxFutureSkew(),
                properties.ingest().maxBatchSize());
    }
}
