package org.citysafe.service.embedded;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.citysafe.service.CitysafeProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Path;

/**
 * With no {@code spring.datasource.url}, a real PostgreSQL is started in-process so that a fresh machine needs
 * nothing installed. Configure a URL and this steps aside.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "spring.datasource", name = "url", havingValue = "embedded", matchIfMissing = true)
public class EmbeddedPostgresConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(CitysafeProperties properties) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
        String dataDir = properties.embedded().postgres().dataDir();
        if (dataDir != null && !dataDir.isBlank()) {
            builder.setDataDirectory(Path.of(dataDir)).setCleanDataDirectory(false);
        }
        EmbeddedPostgres pg = builder.start();
        log.info("Started embedded PostgreSQL on port {} ({})", pg.getPort(),
                dataDir == null || dataDir.isBlank() ? "temporary data, gone at shutdown" : "data in " + dataDir);
        return pg;
    }

    @Bean(destroyMethod = "close")
    DataSource dataSource(EmbeddedPostgres pg) {
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(pg.getJdbcUrl("postgres", "postgres"));
        ds.setUsername("postgres");
        ds.setMaximumPoolSize(10);
        ds.addDataSourceProperty("reWriteBatchedInserts", "true"); // as application.yml sets for a configured one
        ds.setPoolName("embedded-postgres");
        return ds;
    }
}
