package io.mailing.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerCpuTest {

    private static final String BENCH = "bench_20261206_145249";

    @Test
    void countsTheBenchDatabasesBackends() {
        assertThat(ServerCpu.whose("postgres: 15/main: postgres " + BENCH + " 127.0.0.1(40000) idle", BENCH))
                .isEqualTo(ServerCpu.Whose.BENCH);
    }

    @Test
    void countsTheServersOwnProcesses() {
        assertThat(ServerCpu.whose("postgres: 15/main: checkpointer", BENCH)).isEqualTo(ServerCpu.Whose.SERVER);
        assertThat(ServerCpu.whose("postgres: walwriter", BENCH)).isEqualTo(ServerCpu.Whose.SERVER);
    }

    @Test
    void leavesOtherDatabasesBackendsOut() {
        assertThat(ServerCpu.whose("postgres: 15/main: postgres mailing_test 127.0.0.1(41196) UPDATE", BENCH))
                .isEqualTo(ServerCpu.Whose.OTHERS);
        assertThat(ServerCpu.whose("postgres: postgres " + BENCH + "_split [local] idle", BENCH))
                .isEqualTo(ServerCpu.Whose.OTHERS);
    }
}
