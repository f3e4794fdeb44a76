package io.mailing.sending.oneoff;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OneOffSettings.class)
class OneOffConfiguration implements WebMvcConfigurer {

    private final OneOffSettings settings;

    OneOffConfiguration(OneOffSettings settings) {
        this.settings = settings;
    }

    /** Each client's allowance of one-offs, checked before a request to send one is read. */
    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        OneOffSettings.PerClient allowance = settings.perClient();
        registry.addInterceptor(new ClientAllowance(
                        new ClientRates(allowance.rate(), allowance.burst(), System::nanoTime), allowance))
                .addPathPatterns(OneOffController.PATH);
    }
}
