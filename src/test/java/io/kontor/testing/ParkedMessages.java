package io.kontor.testing;

import org.apache.camel.Exchange;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Stands in for the {@code deadLetters} bean of a route test: what the error policy parked, in order. */
public class ParkedMessages {

    public final List<Exchange> parked = new CopyOnWriteArrayList<>();

    public void park(Exchange exchange) {
        parked.add(exchange);
    }

    /** The exception that made the error policy park the n-th message. */
    public Exception cause(int n) {
        return parked.get(n).getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
    }
}
