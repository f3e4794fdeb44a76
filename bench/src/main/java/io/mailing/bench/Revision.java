package io.mailing.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which code a run measured, read when it starts: the commit checked out and whether the working tree differed from
 * it (then the figures are of that commit plus uncommitted changes, and cannot be reproduced from the commit alone).
 */
final class Revision {

    private Revision() {}

    static Map<String, Object> of(Path root) {
        String commit = git(root, "rev-parse", "HEAD");
        String changes = git(root, "status", "--porcelain");
        if (commit == null || changes == null) {
            return Benchmark.ordered("commit", "unknown (not a git working tree)", "dirty", "unknown");
        }
        return Benchmark.ordered(
                "commit",
                commit,
                "dirty",
                !changes.isEmpty(),
                "changedFiles",
                changes.isEmpty() ? 0 : changes.split("\n").length);
    }

    /** The output of a git command in the repository, trimmed; {@code null} when git fails or is missing. */
    private static String git(Path root, String... arguments) {
        try {
            List<String> command = new ArrayList<>(List.of("git", "-C", root.toString()));
            command.addAll(List.of(arguments));
            Process git = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return git.waitFor() == 0 ? output : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
