package io.mailing.platform.web;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's last word on an error nothing else answered (a request Tomcat refused before the application, or an
 * error with no body): problem details instead of Tomcat's HTML page, with the headers the security filters would
 * have set. Public because Tomcat creates it by its class name.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        HttpStatus status = HttpStatus.resolve(response.getStatus());
        if (status == null || !status.isError() || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean();
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            ProblemErrorController.securityHeaders(response);
            response.setHeader("X-Content-Type-Options", "nosniff");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write("{\"type\":\"urn:mailing:problem:" + ProblemErrorController.kindOf(status)
                        + "\",\"title\":\"" + status.getReasonPhrase() + "\",\"status\":" + status.value()
                        + ",\"detail\":\""
                        + ProblemErrorController.detailOf(status).replace("\"", "\\\"")
                        + "\"}");
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The client is gone or the response cannot take a body: nothing more to tell it.
        }
    }
}
