package io.mailing.console.page;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Links to the other pages of a listing ({@code ${@pager.to(2)}}, the layout's {@code pager} fragment): the page being
 * rendered, with its filters and everything else it was asked with, and only its {@code page} parameter changed.
 */
@Component("pager")
public class Pager {

    /** The current request's path and query with {@code page} set to {@code page}, relative to this host. */
    public String to(int page) {
        HttpServletRequest request =
                ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes()).getRequest();
        return UriComponentsBuilder.fromPath(request.getRequestURI())
                .query(request.getQueryString())
                .replaceQueryParam("page", page)
                .build()
                .toUriString();
    }
}
