package io.mailing.console.mailout;

/** What an ADMIN may do with a mailout, each a command of the API. */
public enum Action {
    START("Start", "start"),
    PAUSE("Pause", "pause"),
    RESUME("Resume", "resume"),
    CANCEL("Cancel mailout", "cancel");

    private final String label;
    private final String path;

    Action(String label, String path) {
        this.label = label;
        this.path = path;
    }

    public String label() {
        return label;
    }

    public String path() {
        return path;
    }

    static Action ofPath(String path) {
        for (Action action : values()) {
            if (action.path.equals(path)) {
                return action;
            }
        }
        return null;
    }
}
