package io.kontor.sandbox.shopify;

import graphql.analysis.QueryTraverser;
import graphql.analysis.QueryVisitorFieldEnvironment;
import graphql.analysis.QueryVisitorStub;
import graphql.language.Document;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLOutputType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;

import java.util.List;
import java.util.Map;

/**
 * Shopify's calculated query cost: scalars and enums 0, objects 1, a connection 2 plus {@code first}
 * times the cost of one node, a mutation 10 plus what it selects. The requested cost is computed from the query
 * before it runs; the actual cost from what was returned.
 */
final class QueryCost {

    static final int MUTATION = 10;

    private QueryCost() {
    }

    static boolean isMutation(Document document, String operationName) {
        return document.getDefinitionsOfType(graphql.language.OperationDefinition.class).stream()
                .filter(o -> operationName == null || operationName.equals(o.getName()))
                .findFirst().map(o -> o.getOperation() == graphql.language.OperationDefinition.Operation.MUTATION).orElse(false);
    }

    static int requested(GraphQLSchema schema, Document document, String operationName, Map<String, Object> variables) {
        int[] total = {0};
        QueryTraverser.newQueryTraverser()
                .schema(schema)
                .document(document)
                .operationName(operationName)
                .coercedVariables(graphql.execution.CoercedVariables.of(variables))
                .build()
                .visitPreOrder(new QueryVisitorStub() {
                    @Override
                    public void visitField(QueryVisitorFieldEnvironment env) {
                        if (env.getParentEnvironment() == null && env.getFieldsContainer() instanceof GraphQLObjectType root
                                && root.getName().equals("Mutation")) {
                            total[0] += MUTATION;
                        }
                        GraphQLOutputType type = env.getFieldDefinition().getType();
                        GraphQLType unwrapped = GraphQLTypeUtil.unwrapAll(type);
                        if (!(unwrapped instanceof GraphQLObjectType object) || object.getName().equals("PageInfo")) {
                            return;
                        }
                        long multiplier = multiplier(env.getParentEnvironment());
                        long own = isConnection(object) ? 2 : isEdge(env) ? 0 : 1;
                        total[0] = (int) Math.min(Integer.MAX_VALUE, total[0] + own * multiplier);
                    }
                });
        return total[0];
    }

    /** Product of the page sizes of the connections above a field: each node below costs that many times. */
    private static long multiplier(QueryVisitorFieldEnvironment parent) {
        long m = 1;
        for (QueryVisitorFieldEnvironment env = parent; env != null; env = env.getParentEnvironment()) {
            GraphQLType unwrapped = GraphQLTypeUtil.unwrapAll(env.getFieldDefinition().getType());
            if (unwrapped instanceof GraphQLObjectType object && isConnection(object)) {
                Object first = env.getArguments().get("first");
                Object last = env.getArguments().get("last");
                int size = first instanceof Number n ? n.intValue() : last instanceof Number n2 ? n2.intValue() : 0;
                m *= Math.max(size, 1);
            } else if (unwrapped instanceof GraphQLObjectType && isListField(env.getFieldDefinition().getType())
                    && env.getArguments().get("first") instanceof Number n) {
                m *= Math.max(n.intValue(), 1);
            }
        }
        return m;
    }

    /** The node under an edge is the same object the edge stands for; count it once. */
    private static boolean isEdge(QueryVisitorFieldEnvironment env) {
        QueryVisitorFieldEnvironment parent = env.getParentEnvironment();
        return parent != null && GraphQLTypeUtil.unwrapAll(parent.getFieldDefinition().getType()) instanceof GraphQLObjectType p
                && p.getName().endsWith("Edge");
    }

    static int actual(GraphQLSchema schema, Object data) {
        return (int) Math.min(Integer.MAX_VALUE, cost(data, schema.getQueryType(), true));
    }

    private static long cost(Object data, GraphQLType type, boolean root) {
        if (data == null) {
            return 0;
        }
        GraphQLType bare = GraphQLTypeUtil.unwrapNonNull(type);
        if (bare instanceof GraphQLList list && data instanceof List<?> items) {
            long sum = 0;
            for (Object item : items) {
                sum += cost(item, list.getWrappedType(), false);
            }
            return sum;
        }
        if (!(bare instanceof GraphQLObjectType object) || !(data instanceof Map<?, ?> map)) {
            return 0;
        }
        if (object.getName().equals("PageInfo")) {
            return 0;
        }
        long own = root ? 0 : isConnection(object) ? 2 : object.getName().endsWith("Edge") ? 0 : 1;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            var field = object.getFieldDefinition(String.valueOf(e.getKey()));
            if (field != null) {
                own += cost(e.getValue(), field.getType(), false);
            }
        }
        return own;
    }

    private static boolean isConnection(GraphQLObjectType type) {
        return type.getName().endsWith("Connection");
    }

    private static boolean isListField(GraphQLOutputType type) {
        return GraphQLTypeUtil.unwrapNonNull(type) instanceof GraphQLList || type instanceof GraphQLNonNull nn
                && nn.getWrappedType() instanceof GraphQLList;
    }
}
