package io.kontor.invoices;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who approves which supplier invoices (kontor.invoices.approval.*).
 *
 * @param autoApproveBelow a MATCHED invoice payable below this amount is approved by the hub itself
 * @param bands            amount bands in ascending order: up to (excluding) {@code upTo}, the {@code role} approves;
 *                         the last band has no upper limit
 * @param deadline         an approval not decided within this time is escalated to the next band's role
 * @param escalationInterval milliseconds between looks for overdue approvals
 * @param approvers        user name → the roles the user holds, and whom the user stands in for (substitutes)
 * @param adminApproves    user {@code admin} may decide in every band's role (the embedded default; off in prod, where
 *                         approvals are four-eyes business and admin is IT)
 */
@ConfigurationProperties("kontor.invoices.approval")
public record ApprovalProperties(@DefaultValue("1000") BigDecimal autoApproveBelow,
                                 List<Band> bands,
                                 @DefaultValue("PT48H") Duration deadline,
                                 @DefaultValue("60000") long escalationInterval,
                                 Map<String, Approver> approvers,
                                 @DefaultValue("false") boolean adminApproves) implements io.kontor.security.Approvers {

    public ApprovalProperties {
        bands = bands == null || bands.isEmpty() ? List.of(new Band(null, "ap-lead")) : List.copyOf(bands);
        approvers = approvers == null ? Map.of() : Map.copyOf(approvers);
    }

    /** @param upTo the band's upper limit (exclusive), null for the last band */
    public record Band(BigDecimal upTo, String role) {
    }

    /**
     * @param password   the approver's login password (secret)
     * @param roles      approval roles the user holds
     * @param substitute users this one stands in for: their roles count as this user's too
     */
    public record Approver(String password, Set<String> roles, Set<String> substitute) {
        public Approver {
            roles = roles == null ? Set.of() : Set.copyOf(roles);
            substitute = substitute == null ? Set.of() : Set.copyOf(substitute);
        }

        @Override
        public String toString() {
            return "Approver[roles=" + roles + ", substitute=" + substitute + "]";
        }
    }

    int bandOf(BigDecimal amount) {
        for (int i = 0; i < bands.size(); i++) {
            if (bands.get(i).upTo() == null || amount.compareTo(bands.get(i).upTo()) < 0) {
                return i;
            }
        }
        return bands.size() - 1;
    }

    @Override
    public Map<String, Login> logins() {
        Map<String, Login> logins = new java.util.LinkedHashMap<>();
        approvers.forEach((name, approver) -> logins.put(name, new Login(approver.password(), rolesOf(name), approver.roles())));
        return logins;
    }

    @Override
    public String passwordProperty(String user) {
        return "kontor.invoices.approval.approvers." + user + ".password";
    }

    /** Every band's role, in band order. */
    @Override
    public List<String> bandRoles() {
        return bands.stream().map(Band::role).distinct().toList();
    }

    /** Who may decide in {@code role}: its holders, then those standing in for one of them (marked so), then admin if it approves. */
    public List<String> deciders(String role) {
        List<String> holders = new java.util.ArrayList<>();
        List<String> standIns = new java.util.ArrayList<>();
        approvers.forEach((name, approver) -> {
            if (approver.roles().contains(role)) {
                holders.add(name);
            } else if (rolesOf(name).contains(role)) {
                standIns.add(name + " (standing in)");
            }
        });
        holders.addAll(standIns);
        if (adminApproves()) {
            holders.add("admin");
        }
        return holders;
    }

    /** The roles the user may approve in: its own and those of the users it stands in for. */
    public Set<String> rolesOf(String user) {
        Approver approver = approvers.get(user);
        if (approver == null) {
            return Set.of();
        }
        java.util.Set<String> roles = new java.util.HashSet<>(approver.roles());
        for (String absent : approver.substitute()) {
            Approver other = approvers.get(absent);
            if (other != null) {
                roles.addAll(other.roles());
            }
        }
        return roles;
    }
}
