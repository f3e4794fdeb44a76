package io.mailing.query.archviolation;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.bind.annotation.RestController;

/** A public controller with an autowired constructor, for {@code ModularArchitectureTest}. */
@RestController
public class PublicController {

    @Autowired
    PublicController() {}
}
