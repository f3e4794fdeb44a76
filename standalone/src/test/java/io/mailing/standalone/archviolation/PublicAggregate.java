package io.mailing.standalone.archviolation;

import org.axonframework.spring.stereotype.Aggregate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

/** A public aggregate that depends on Spring through an injected field, for {@code ModularArchitectureTest}. */
@Aggregate
public class PublicAggregate {

    @Autowired
    Environment environment;
}
