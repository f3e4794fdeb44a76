package io.mailing.command.optout;

import io.mailing.command.optout.OptOutCommands.OptOutAddress;
import io.mailing.events.optout.OptOutSource;
import io.mailing.platform.command.Commands;
import io.mailing.platform.links.SignedLinks;
import io.mailing.platform.links.UnsubscribeLink;
import io.mailing.platform.problem.InvalidValueException;
import io.swagger.v3.oas.annotations.Hidden;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * The public page behind an e-mail's unsubscribe link ({@code List-Unsubscribe}), open to anyone who holds a link
 * this deployment signed ({@link SignedLinks}). {@code GET} only asks (mail scanners and link previews fetch links
 * on their own, and must not unsubscribe anyone); {@code POST} opts the address out: the page's button, and the
 * one-click unsubscribe of RFC 8058 that mail clients send with {@code List-Unsubscribe=One-Click}. Either answers a
 * small page of its own; a link that is not valid answers 404 and changes nothing.
 */
@RestController
@Hidden
class UnsubscribePage {

    private final SignedLinks links;
    private final Commands commands;

    UnsubscribePage(SignedLinks links, Commands commands) {
        this.links = links;
        this.commands = commands;
    }

    @GetMapping(path = UnsubscribeLink.PATH + "{token}", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> ask(@PathVariable String token) {
        return unsubscribing(token)
                .map(found -> page(
                        HttpStatus.OK,
                        "Unsubscribe",
                        "<p>Stop e-mails to <strong>" + masked(found.address().value()) + "</strong>?</p>"
                                + "<form method=\"post\"><button type=\"submit\">Unsubscribe</button></form>"))
                .orElseGet(UnsubscribePage::notValid);
    }

    @PostMapping(path = UnsubscribeLink.PATH + "{token}", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> unsubscribe(@PathVariable String token) {
        Optional<Unsubscribing> found = unsubscribing(token);
        if (found.isEmpty()) {
            return notValid();
        }
        Unsubscribing unsubscribing = found.get();
        Retrying.onceMoreIfRaced(() -> commands.create(new OptOutAddress(
                unsubscribing.address(),
                OptOutSource.RECIPIENT,
                unsubscribing.token().messageId())));
        return page(
                HttpStatus.OK,
                "Unsubscribed",
                "<p>No more e-mails will be sent to <strong>"
                        + masked(unsubscribing.address().value()) + "</strong>.</p>");
    }

    private record Unsubscribing(UnsubscribeLink token, OptedOutAddress address) {}

    private Optional<Unsubscribing> unsubscribing(String token) {
        return links.verify(token).flatMap(UnsubscribeLink::parse).flatMap(parsed -> {
            try {
                return Optional.of(new Unsubscribing(parsed, OptedOutAddress.of(parsed.channel(), parsed.address())));
            } catch (InvalidValueException signedButUnreadable) {
                return Optional.empty();
            }
        });
    }

    /** The address as the page shows it: enough for its owner to know it, not all of it to whoever sees the page. */
    static String masked(String address) {
        int at = address.indexOf('@');
        String shown = at > 0
                ? address.charAt(0) + "***" + address.substring(at)
                : "***" + address.substring(Math.max(0, address.length() - 4));
        return HtmlUtils.htmlEscape(shown);
    }

    private static ResponseEntity<String> notValid() {
        return page(
                HttpStatus.NOT_FOUND,
                "Link not valid",
                "<p>This unsubscribe link is not valid. Please use the link of the e-mail as it came.</p>");
    }

    private static ResponseEntity<String> page(HttpStatus status, String title, String body) {
        return ResponseEntity.status(status)
                .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .body("""
                        <!doctype html>
                        <html lang="en"><head><meta charset="utf-8">
                        <meta name="viewport" content="width=device-width, initial-scale=1">
                        <meta name="robots" content="noindex">
                        <title>%s</title>
                        <style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem}
                        button{font:inherit;padding:.5rem 1.25rem}</style></head>
                        <body><h1>%s</h1>%s</body></html>
                        """.formatted(title, title, body));
    }
}
