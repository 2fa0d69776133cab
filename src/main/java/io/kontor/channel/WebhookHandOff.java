package io.kontor.channel;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;

/**
 * A verified webhook delivery handed to its route, synchronously, so the controller can answer the channel: taken
 * (2xx) or not (5xx, the channel delivers again or the poll reads the change).
 */
public final class WebhookHandOff {

    private WebhookHandOff() {
    }

    /** @return why the route did not take the delivery (its routes not started yet, or its failure), or null when it did */
    public static Throwable toRoute(ProducerTemplate producer, String endpoint, Processor delivery) {
        Exchange result;
        try {
            result = producer.request(endpoint, delivery);
        } catch (RuntimeException notStarted) { // the routes are not up yet, or going down
            return notStarted;
        }
        return result.getException();
    }
}
