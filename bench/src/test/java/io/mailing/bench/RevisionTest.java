package io.mailing.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RevisionTest {

    @TempDir
    Path repository;

    @Test
    void namesTheCommitAndWhetherTheTreeDiffersFromIt() throws Exception {
        git("init", "-q");
        Files.writeString(repository.resolve("a.txt"), "a");
        git("add", "a.txt");
        git("-c", "user.name=bench", "-c", "user.email=bench@example.org", "commit", "-q", "-m", "a");
        String head = new String(new ProcessBuilder("git", "-C", repository.toString(), "rev-parse", "HEAD")
                        .start()
                        .getInputStream()
                        .readAllBytes())
                .trim();

        assertThat(Revision.of(repository)).containsEntry("commit", head).containsEntry("dirty", false);

        Files.writeString(repository.resolve("a.txt"), "changed");
        assertThat(Revision.of(repository)).containsEntry("dirty", true).containsEntry("changedFiles", 1);
    }

    @Test
    void saysSoOutsideARepository() {
        assertThat(Revision.of(repository)).containsEntry("dirty", "unknown");
    }

    private void git(String... arguments) throws IOException, InterruptedException {
        String[] command = new String[arguments.length + 3];
        command[0] = "git";
        command[1] = "-C";
        command[2] = repository.toString();
        System.arraycopy(arguments, 0, command, 3, arguments.length);
        assertThat(new ProcessBuilder(command).inheritIO().start().waitFor()).isZero();
    }
}
