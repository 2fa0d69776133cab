package io.kontor.console;

import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;

import java.util.NoSuchElementException;

/** A console page for something that does not exist says so in the console's frame, not as a JSON problem. */
@ControllerAdvice(basePackages = "io.kontor.console")
class ConsoleErrors {

    @ExceptionHandler(NoSuchElementException.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String notFound(NoSuchElementException e, Model model) {
        model.addAttribute("message", e.getMessage());
        return "console/not-found";
    }
}
