package io.mailing.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcStatTest {

    private static final String LINE =
            "4242 (a (strange) name) S 2216 4242 4242 0 -1 4194368 323 0 0 0 120 35 7 3 20 0 1"
                    + " 0 2982 222597120 3782 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0";

    @Test
    void readsTheFieldsAfterACommandThatHoldsSpacesAndParentheses() {
        ProcStat stat = ProcStat.parse(4242, LINE);

        assertThat(stat.command()).isEqualTo("a (strange) name");
        assertThat(stat.parent()).isEqualTo(2216);
        assertThat(stat.cpuTicks()).isEqualTo(120 + 35);
        assertThat(stat.reapedChildrenTicks()).isEqualTo(7 + 3);
        assertThat(stat.startTicks()).isEqualTo(2982);
    }

    @Test
    void readsThisProcessFromProc() {
        assertThat(ProcStat.read(ProcessHandle.current().pid()))
                .hasValueSatisfying(stat -> assertThat(stat.cpuTicks()).isPositive());
    }
}
