package io.mailing.report.daily;

import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The daily run: db-scheduler's recurring task {@value #TASK} at {@code mailing.report.daily.at} in its zone, which
 * one node of the cluster executes each time (the others see it picked in the shared table), and which runs at once
 * on start when its time passed while the platform was down. A run that fails (the mail server or the query API does
 * not answer) is tried again after a wait that doubles from {@code retry-base} up to {@code retry-max}, on a
 * scheduler thread, never an API's; the reports it did not send stay due. {@code mailing.report.daily.overdue}
 * tells how long the oldest due report has waited.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "mailing.report.daily.enabled", havingValue = "true", matchIfMissing = true)
class DailyReportSchedule {

    static final String TASK = "daily-report";

    private static final Logger log = LoggerFactory.getLogger(DailyReportSchedule.class);

    @Bean
    RecurringTask<Void> dailyReportTask(DailyReportSender sender, DailyReportSettings settings) {
        return Tasks.recurring(TASK, Schedules.daily(settings.zone(), settings.at()))
                .onFailure(new Backoff(settings.retryBase(), settings.retryMax()))
                .execute((instance, context) -> {
                    try {
                        sender.sendDue(Instant.now());
                    } catch (Exception e) {
                        throw new IllegalStateException("The daily report could not be sent: " + e.getMessage(), e);
                    }
                });
    }

    @Bean
    Gauge dailyReportOverdue(DailyReportSender sender, MeterRegistry meters) {
        return Gauge.builder(
                        "mailing.report.daily.overdue",
                        sender,
                        s -> s.overdue(Instant.now()).toMillis() / 1000.0)
                .description("How long the oldest daily report that is due has waited to be sent (0: none waits)")
                .baseUnit("seconds")
                .register(meters);
    }

    /** Tries a failed run again after a wait that doubles with each failure in a row, up to {@code max}. */
    record Backoff(Duration base, Duration max) implements FailureHandler<Void> {

        @Override
        public void onFailure(ExecutionComplete complete, ExecutionOperations<Void> operations) {
            int failures = complete.getExecution().consecutiveFailures + 1;
            Duration wait = base.multipliedBy(1L << Math.min(failures - 1, 20));
            if (wait.compareTo(max) > 0) {
                wait = max;
            }
            Instant next = complete.getTimeDone().plus(wait);
            log.warn(
                    "Daily report run failed ({} in a row), next try at {}",
                    failures,
                    next,
                    complete.getCause().orElse(null));
            operations.reschedule(complete, next);
        }
    }
}
