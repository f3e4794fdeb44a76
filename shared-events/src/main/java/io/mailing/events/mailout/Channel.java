package io.mailing.events.mailout;

/** How a mailout's messages reach their customers: a text message to the phone, or an e-mail to the address. */
public enum Channel {
    SMS,
    EMAIL;

    /** The channel a stored event names, SMS for one stored before mailouts had a channel. */
    public static Channel orSms(Channel channel) {
        return channel == null ? SMS : channel;
    }
}
