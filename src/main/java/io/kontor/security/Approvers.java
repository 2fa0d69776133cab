package io.kontor.security;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The people a workflow's approvals need logins for, as the workflow configures them (the invoice approvals today):
 * each logs in as themselves so that every decision names a person. Declared here and implemented by the workflow,
 * so the security chain builds the logins without knowing the workflow.
 */
public interface Approvers {

    /** The roles someone must hold, or work waiting in that role only piles up. */
    List<String> bandRoles();

    /** Whether user {@code admin} may decide in every role (trials; off in production). */
    boolean adminApproves();

    /** The approvers by user name; a password may be blank (then it is generated where the hub may generate them). */
    Map<String, Login> logins();

    /** @param rolesHeld the roles a person decides in, with those of the people they stand in for */
    record Login(String password, Set<String> rolesHeld, Set<String> ownRoles) {
    }

    /** The configuration key of an approver's password, for messages. */
    String passwordProperty(String user);
}
