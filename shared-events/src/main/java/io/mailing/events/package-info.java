/** The published language: event records and value types shared by every service. */
package io.mailing.events;
