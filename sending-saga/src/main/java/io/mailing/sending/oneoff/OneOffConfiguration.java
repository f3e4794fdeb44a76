package io.mailing.sending.oneoff;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OneOffSettings.class)
class OneOffConfiguration {

    @Bean
    ClientRates clientRates(OneOffSettings settings) {
        return new ClientRates(settings.perClient().rate(), settings.perClient().burst(), System::nanoTime);
    }
}
