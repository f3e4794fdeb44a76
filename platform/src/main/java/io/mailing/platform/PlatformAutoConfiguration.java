package io.mailing.platform;

import io.mailing.platform.command.Commands;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** Beans every service shares; one instance per context, also when the standalone run hosts all services. */
@AutoConfiguration
public class PlatformAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Commands commands(CommandGateway gateway) {
        return new Commands(gateway);
    }
}
