package org.cordon.xsm.flask.conf;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ParseTree;
import org.cordon.xsm.flask.PolicyConfException;
import org.cordon.xsm.flask.conf.Ast.*;
import org.cordon.xsm.flask.model.CondExpr;
import org.cordon.xsm.flask.model.ConstraintExpr;

/** Turns the ANTLR parse tree into {@link Ast} records, building postfix expressions like checkpolicy does. */
final class AstBuilder {
    private final LineMap map;

    AstBuilder(LineMap map) { this.map = map; }

    private Pos pos(ParserRuleContext c) { return pos(c.getStart()); }

    private Pos pos(Token t) {
        return new Pos(map.file(t.getLine()), map.line(t.getLine()), t.getCharPositionInLine() + 1);
    }

    private ConfParser.Bail error(Token t, String msg) {
        Pos p = pos(t);
        return new ConfParser.Bail(new PolicyConfException(p.file(), p.line(), p.col(), msg));
    }

    /**
     * Parses the whole policy with {@code parser}, turning each top-level statement into records once the parser
     * has moved past it and dropping its parse tree then: the tree of a large policy.conf (millions of contexts) was
     * most of what {@code cordon build} held in memory. Statements come out in source order.
     */
    List<Stmt> parse(PolicyConfParser parser) {
        List<Stmt> out = new ArrayList<>();
        parser.addParseListener(new org.antlr.v4.runtime.tree.ParseTreeListener() {
            @Override
            public void enterEveryRule(ParserRuleContext ctx) {
                // a statement begins, so the one before it is whole (on leaving a rule it may not be: an error in
                // flight leaves every rule through its finally block)
                if (ctx.getParent() instanceof PolicyConfParser.PolicyContext top && top.getChildCount() > 1) {
                    int before = top.getChildCount() - 2;
                    statement(top.getChild(before), out);
                    top.children.remove(before);
                }
            }

            @Override
            public void exitEveryRule(ParserRuleContext ctx) {
            }

            @Override
            public void visitTerminal(org.antlr.v4.runtime.tree.TerminalNode node) {
            }

            @Override
            public void visitErrorNode(org.antlr.v4.runtime.tree.ErrorNode node) {
            }
        });
        for (ParseTree last : parser.policy().children) {
            statement(last, out); // the last statement (and EOF)
        }
        return out;
    }

    /** One top-level statement (a direct child of the policy rule) as records. */
    private void statement(ParseTree child, List<Stmt> out) {
        if (child instanceof PolicyConfParser.ClassDeclContext c) {
            out.add(new ClassDecl(pos(c), id(c.identifier())));
        } else if (child instanceof PolicyConfParser.SidDeclContext c) {
            out.add(new SidDecl(pos(c), id(c.identifier())));
        } else if (child instanceof PolicyConfParser.CommonDefContext c) {
            out.add(new CommonDef(pos(c), id(c.identifier(0)), ids(c.identifier().subList(1, c.identifier().size()))));
        } else if (child instanceof PolicyConfParser.AvPlainContext c) {
            out.add(new AvDef(pos(c), id(c.identifier(0)), null, ids(c.identifier().subList(1, c.identifier().size()))));
        } else if (child instanceof PolicyConfParser.AvInheritsContext c) {
            out.add(new AvDef(pos(c), id(c.identifier(0)), id(c.identifier(1)),
                    ids(c.identifier().subList(2, c.identifier().size()))));
        } else if (child instanceof PolicyConfParser.DefaultRuleContext c) {
            out.add(new DefaultRule(pos(c), c.kw.getText(), names(c.names()),
                    c.which == null ? null : c.which.getText(), c.part == null ? null : c.part.getText()));
        } else if (child instanceof PolicyConfParser.MlsContext c) {
            mls(c, out);
        } else if (child instanceof PolicyConfParser.TeRbacContext c) {
            teRbac(c, out);
        } else if (child instanceof PolicyConfParser.UserDefContext c) {
            out.add(new User(pos(c), id(c.identifier()), names(c.names()),
                    c.mlsLevel() == null ? null : level(c.mlsLevel()),
                    c.mlsRange() == null ? null : range(c.mlsRange())));
        } else if (child instanceof PolicyConfParser.ConstrainContext c) {
            out.add(new Constrain(pos(c), false, names(c.names(0)), names(c.names(1)), cexpr(c.cexpr())));
        } else if (child instanceof PolicyConfParser.ValidatetransContext c) {
            out.add(new Validatetrans(pos(c), false, names(c.names()), cexpr(c.cexpr())));
        } else if (child instanceof PolicyConfParser.SidContextContext c) {
            out.add(new SidContext(pos(c), id(c.identifier()), ctx(c.context())));
        } else if (child instanceof PolicyConfParser.PirqconContext c) {
            out.add(new PirqCon(pos(c), num32(c.number()), ctx(c.context())));
        } else if (child instanceof PolicyConfParser.IomemconContext c) {
            long lo = num64(c.number(0));
            out.add(new IomemCon(pos(c), lo, c.number().size() > 1 ? num64(c.number(1)) : lo, ctx(c.context())));
        } else if (child instanceof PolicyConfParser.IoportconContext c) {
            long lo = num32(c.number(0));
            out.add(new IoportCon(pos(c), lo, c.number().size() > 1 ? num32(c.number(1)) : lo, ctx(c.context())));
        } else if (child instanceof PolicyConfParser.PcideviceconContext c) {
            out.add(new PciDeviceCon(pos(c), num32(c.number()), ctx(c.context())));
        } else if (child instanceof PolicyConfParser.DevicetreeconContext c) {
            String path = c.path().getText();
            if (path.startsWith("\"")) path = path.substring(1, path.length() - 1);
            out.add(new DeviceTreeCon(pos(c), path, ctx(c.context())));
        }
    }

    private void mls(PolicyConfParser.MlsContext c, List<Stmt> out) {
        for (var s : c.sensitivityDef()) {
            out.add(new Sensitivity(pos(s), id(s.identifier()), s.names() == null ? null : names(s.names())));
        }
        var d = c.dominance();
        out.add(new Dominance(pos(d), d.identifier().stream().map(this::id).toList()));
        for (var s : c.categoryDef()) {
            out.add(new Category(pos(s), id(s.identifier()), s.names() == null ? null : names(s.names())));
        }
        for (var s : c.levelDef()) {
            out.add(new LevelDef(pos(s), id(s.identifier()),
                    s.idCommaList() == null ? List.of() : ids(s.idCommaList().identifier())));
        }
        for (var s : c.mlsPolicyDecl()) {
            if (s instanceof PolicyConfParser.MlsConstrainContext m) {
                out.add(new Constrain(pos(m), true, names(m.names(0)), names(m.names(1)), cexpr(m.cexpr())));
            } else if (s instanceof PolicyConfParser.MlsValidatetransContext m) {
                out.add(new Validatetrans(pos(m), true, names(m.names()), cexpr(m.cexpr())));
            }
        }
    }

    private void teRbac(PolicyConfParser.TeRbacContext c, List<Stmt> out) {
        Pos p = pos(c);
        if (c instanceof PolicyConfParser.AttributeDefContext x) {
            out.add(new Attribute(p, id(x.identifier())));
        } else if (c instanceof PolicyConfParser.ExpandAttributeDefContext x) {
            out.add(new ExpandAttribute(p, names(x.names()), x.boolVal().CTRUE() != null));
        } else if (c instanceof PolicyConfParser.TypeDefContext x) {
            out.add(new TypeDecl(p, id(x.identifier()), x.names() == null ? null : names(x.names()),
                    x.idCommaList() == null ? List.of() : ids(x.idCommaList().identifier())));
        } else if (c instanceof PolicyConfParser.TypeAliasDefContext x) {
            out.add(new TypeAliasDecl(p, id(x.identifier()), names(x.names())));
        } else if (c instanceof PolicyConfParser.TypeAttributeDefContext x) {
            out.add(new TypeAttribute(p, id(x.identifier()), ids(x.idCommaList().identifier())));
        } else if (c instanceof PolicyConfParser.TypeBoundsDefContext x) {
            out.add(new TypeBounds(p, id(x.identifier()), ids(x.idCommaList().identifier())));
        } else if (c instanceof PolicyConfParser.BoolDefContext x) {
            out.add(new BoolDecl(p, id(x.identifier()), x.boolVal().CTRUE() != null, false));
        } else if (c instanceof PolicyConfParser.TunableDefContext x) {
            out.add(new BoolDecl(p, id(x.identifier()), x.boolVal().CTRUE() != null, true));
        } else if (c instanceof PolicyConfParser.TeRuleDefContext x) {
            out.add(teRule(x.teRule()));
        } else if (c instanceof PolicyConfParser.RangeTransDefContext x) {
            Names classes = x.names().size() > 2 ? names(x.names(2)) : null;
            out.add(new RangeTrans(p, names(x.names(0)), names(x.names(1)), classes, range(x.mlsRange())));
        } else if (c instanceof PolicyConfParser.PermissiveDefContext x) {
            out.add(new Permissive(p, id(x.identifier())));
        } else if (c instanceof PolicyConfParser.PolicycapDefContext x) {
            out.add(new PolicyCap(p, id(x.identifier())));
        } else if (c instanceof PolicyConfParser.AttributeRoleDefContext x) {
            out.add(new AttributeRole(p, id(x.identifier())));
        } else if (c instanceof PolicyConfParser.RoleTypesDefContext x) {
            out.add(new RoleTypes(p, id(x.identifier()), names(x.names())));
        } else if (c instanceof PolicyConfParser.RoleDeclContext x) {
            out.add(new RoleDecl(p, id(x.identifier()),
                    x.idCommaList() == null ? List.of() : ids(x.idCommaList().identifier())));
        } else if (c instanceof PolicyConfParser.RoleAttributeDefContext x) {
            out.add(new RoleAttribute(p, id(x.identifier()), ids(x.idCommaList().identifier())));
        } else if (c instanceof PolicyConfParser.RoleDominanceDefContext) {
            out.add(new RoleDominance(p));
        } else if (c instanceof PolicyConfParser.RoleTransDefContext x) {
            Names classes = x.names().size() > 2 ? names(x.names(2)) : null;
            out.add(new RoleTransition(p, names(x.names(0)), names(x.names(1)), classes, id(x.identifier())));
        } else if (c instanceof PolicyConfParser.RoleAllowDefContext x) {
            out.add(new RoleAllow(p, names(x.names(0)), names(x.names(1))));
        } else if (c instanceof PolicyConfParser.CondDefContext x) {
            List<BNode> expr = new ArrayList<>();
            cond(x.condExpr(), expr);
            List<Stmt> t = new ArrayList<>(), f = new ArrayList<>();
            boolean inElse = false;
            for (ParseTree ch : x.children) {
                if (ch instanceof org.antlr.v4.runtime.tree.TerminalNode tn && tn.getSymbol().getType() == PolicyConfParser.ELSE) {
                    inElse = true;
                } else if (ch instanceof PolicyConfParser.TeRuleContext r) {
                    (inElse ? f : t).add(teRule(r));
                }
            }
            out.add(new Cond(p, expr, t, f));
        }
    }

    private Stmt teRule(PolicyConfParser.TeRuleContext r) {
        if (r instanceof PolicyConfParser.AvRuleContext a) {
            return new AvRule(pos(a), a.kind.getText(), names(a.names(0)), names(a.names(1)), names(a.names(2)),
                    names(a.names(3)));
        }
        var t = (PolicyConfParser.TypeRuleContext) r;
        String file = t.FILENAME() == null ? null : t.FILENAME().getText();
        if (file != null) file = file.substring(1, file.length() - 1);
        return new TypeRule(pos(t), t.kind.getText(), names(t.names(0)), names(t.names(1)), names(t.names(2)),
                id(t.identifier()), file);
    }

    private void cond(PolicyConfParser.CondExprContext c, List<BNode> out) {
        if (c instanceof PolicyConfParser.BParenContext x) {
            cond(x.condExpr(), out);
        } else if (c instanceof PolicyConfParser.BNotContext x) {
            cond(x.condExpr(), out);
            out.add(new BNode(CondExpr.NOT, null, pos(x)));
        } else if (c instanceof PolicyConfParser.BEqContext x) {
            cond(x.condExpr(0), out);
            cond(x.condExpr(1), out);
            out.add(new BNode(x.o.getType() == PolicyConfParser.EQUALS ? CondExpr.EQ : CondExpr.NEQ, null, pos(x)));
        } else if (c instanceof PolicyConfParser.BAndContext x) {
            cond(x.condExpr(0), out); cond(x.condExpr(1), out);
            out.add(new BNode(CondExpr.AND, null, pos(x)));
        } else if (c instanceof PolicyConfParser.BXorContext x) {
            cond(x.condExpr(0), out); cond(x.condExpr(1), out);
            out.add(new BNode(CondExpr.XOR, null, pos(x)));
        } else if (c instanceof PolicyConfParser.BOrContext x) {
            cond(x.condExpr(0), out); cond(x.condExpr(1), out);
            out.add(new BNode(CondExpr.OR, null, pos(x)));
        } else if (c instanceof PolicyConfParser.BBoolContext x) {
            out.add(new BNode(CondExpr.BOOL, id(x.identifier()), pos(x)));
        }
    }

    private List<CNode> cexpr(PolicyConfParser.CexprContext c) {
        List<CNode> out = new ArrayList<>();
        cexpr(c, out);
        return out;
    }

    private void cexpr(PolicyConfParser.CexprContext c, List<CNode> out) {
        if (c instanceof PolicyConfParser.CParenContext x) {
            cexpr(x.cexpr(), out);
        } else if (c instanceof PolicyConfParser.CNotContext x) {
            cexpr(x.cexpr(), out);
            out.add(new CNode(ConstraintExpr.NOT, 0, 0, null));
        } else if (c instanceof PolicyConfParser.CAndContext x) {
            cexpr(x.cexpr(0), out); cexpr(x.cexpr(1), out);
            out.add(new CNode(ConstraintExpr.AND, 0, 0, null));
        } else if (c instanceof PolicyConfParser.COrContext x) {
            cexpr(x.cexpr(0), out); cexpr(x.cexpr(1), out);
            out.add(new CNode(ConstraintExpr.OR, 0, 0, null));
        } else if (c instanceof PolicyConfParser.CPrimContext x) {
            out.add(prim(x.cexprPrim()));
        }
    }

    private CNode prim(PolicyConfParser.CexprPrimContext c) {
        if (c instanceof PolicyConfParser.CAttrEqContext x) {
            int l = x.left.getType(), r = x.right.getType();
            int attr;
            if (l == PolicyConfParser.U1 && r == PolicyConfParser.U2) attr = ConstraintExpr.USER;
            else if (l == PolicyConfParser.R1 && r == PolicyConfParser.R2) attr = ConstraintExpr.ROLE;
            else if (l == PolicyConfParser.T1 && r == PolicyConfParser.T2) attr = ConstraintExpr.TYPE;
            else throw error(x.getStart(), "cannot compare " + x.left.getText() + " with " + x.right.getText());
            return new CNode(ConstraintExpr.ATTR, attr, op(x.op().getStart()), null);
        }
        if (c instanceof PolicyConfParser.CAttrMlsContext x) {
            int l = x.left.getType(), r = x.right.getType();
            int attr;
            if (l == PolicyConfParser.R1 && r == PolicyConfParser.R2) attr = ConstraintExpr.ROLE;
            else if (l == PolicyConfParser.L1 && r == PolicyConfParser.L2) attr = ConstraintExpr.L1L2;
            else if (l == PolicyConfParser.L1 && r == PolicyConfParser.H2) attr = ConstraintExpr.L1H2;
            else if (l == PolicyConfParser.H1 && r == PolicyConfParser.L2) attr = ConstraintExpr.H1L2;
            else if (l == PolicyConfParser.H1 && r == PolicyConfParser.H2) attr = ConstraintExpr.H1H2;
            else if (l == PolicyConfParser.L1 && r == PolicyConfParser.H1) attr = ConstraintExpr.L1H1;
            else if (l == PolicyConfParser.L2 && r == PolicyConfParser.H2) attr = ConstraintExpr.L2H2;
            else throw error(x.getStart(), "cannot compare " + x.left.getText() + " with " + x.right.getText());
            return new CNode(ConstraintExpr.ATTR, attr, op(x.roleMlsOp().getStart()), null);
        }
        if (c instanceof PolicyConfParser.CNamesContext x) {
            int attr = switch (x.left.getType()) {
                case PolicyConfParser.U1 -> ConstraintExpr.USER;
                case PolicyConfParser.U2 -> ConstraintExpr.USER | ConstraintExpr.TARGET;
                case PolicyConfParser.U3 -> ConstraintExpr.USER | ConstraintExpr.XTARGET;
                case PolicyConfParser.R1 -> ConstraintExpr.ROLE;
                case PolicyConfParser.R2 -> ConstraintExpr.ROLE | ConstraintExpr.TARGET;
                case PolicyConfParser.R3 -> ConstraintExpr.ROLE | ConstraintExpr.XTARGET;
                case PolicyConfParser.T1 -> ConstraintExpr.TYPE;
                case PolicyConfParser.T2 -> ConstraintExpr.TYPE | ConstraintExpr.TARGET;
                default -> ConstraintExpr.TYPE | ConstraintExpr.XTARGET;
            };
            return new CNode(ConstraintExpr.NAMES, attr, op(x.op().getStart()), namesPush(x.namesPush()));
        }
        if (c instanceof PolicyConfParser.CSameUserContext) {
            return new CNode(ConstraintExpr.ATTR, ConstraintExpr.USER, ConstraintExpr.EQ, null);
        }
        if (c instanceof PolicyConfParser.CSourceTargetContext x) {
            int attr = x.what.getType() == PolicyConfParser.ROLE ? ConstraintExpr.ROLE : ConstraintExpr.TYPE;
            if (x.which.getType() == PolicyConfParser.TARGET) attr |= ConstraintExpr.TARGET;
            return new CNode(ConstraintExpr.NAMES, attr, ConstraintExpr.EQ, namesPush(x.namesPush()));
        }
        var x = (PolicyConfParser.CRoleOpContext) c;
        return new CNode(ConstraintExpr.ATTR, ConstraintExpr.ROLE, op(x.roleMlsOp().getStart()), null);
    }

    private static int op(Token t) {
        return switch (t.getType()) {
            case PolicyConfParser.EQUALS -> ConstraintExpr.EQ;
            case PolicyConfParser.NOTEQUAL -> ConstraintExpr.NEQ;
            case PolicyConfParser.DOM -> ConstraintExpr.DOM;
            case PolicyConfParser.DOMBY -> ConstraintExpr.DOMBY;
            default -> ConstraintExpr.INCOMP;
        };
    }

    private Names namesPush(PolicyConfParser.NamesPushContext c) {
        List<String> items = new ArrayList<>();
        boolean tilde = false;
        for (ParseTree ch : c.children) {
            String t = ch.getText();
            if (ch instanceof PolicyConfParser.IdentifierContext) items.add(t);
            else if (t.equals("*")) items.add("*");
            else if (t.equals("~")) tilde = true;
        }
        // checkpolicy pushes "~" before the names it complements in constraints
        if (tilde) items.add(0, "~");
        return new Names(items);
    }

    Names names(PolicyConfParser.NamesContext c) {
        List<String> items = new ArrayList<>();
        if (c instanceof PolicyConfParser.NameOneContext x) {
            items.add(id(x.identifier()));
        } else if (c instanceof PolicyConfParser.NameSetContext x) {
            nested(x.nestedIdSet(), items);
        } else if (c instanceof PolicyConfParser.NameStarContext) {
            items.add("*");
        } else if (c instanceof PolicyConfParser.NameCompOneContext x) {
            items.add(id(x.identifier()));
            items.add("~");
        } else if (c instanceof PolicyConfParser.NameCompSetContext x) {
            nested(x.nestedIdSet(), items);
            items.add("~");
        } else if (c instanceof PolicyConfParser.NameMinusContext x) {
            items.add(id(x.identifier(0)));
            items.add("-");
            items.add(id(x.identifier(1)));
        }
        return new Names(items);
    }

    private void nested(PolicyConfParser.NestedIdSetContext c, List<String> items) {
        for (var e : c.nestedIdElem()) {
            if (e.nestedIdSet() != null) {
                nested(e.nestedIdSet(), items);
            } else {
                if (e.getChildCount() == 2) items.add("-");
                items.add(id(e.identifier()));
            }
        }
    }

    private Ctx ctx(PolicyConfParser.ContextContext c) {
        return new Ctx(id(c.identifier(0)), id(c.identifier(1)), id(c.identifier(2)),
                c.mlsRange() == null ? null : range(c.mlsRange()));
    }

    private Range range(PolicyConfParser.MlsRangeContext c) {
        Level low = level(c.mlsLevel(0));
        return new Range(low, c.mlsLevel().size() > 1 ? level(c.mlsLevel(1)) : low);
    }

    private Level level(PolicyConfParser.MlsLevelContext c) {
        return new Level(id(c.identifier()), c.idCommaList() == null ? List.of() : ids(c.idCommaList().identifier()));
    }

    private String id(PolicyConfParser.IdentifierContext c) { return c.getText(); }

    private List<String> ids(List<PolicyConfParser.IdentifierContext> l) { return l.stream().map(this::id).toList(); }

    private long num32(PolicyConfParser.NumberContext c) {
        BigInteger v = parseNumber(c);
        if (v.bitLength() > 32) throw error(c.getStart(), "number " + c.getText() + " exceeds 32 bits");
        return v.longValue();
    }

    private long num64(PolicyConfParser.NumberContext c) {
        BigInteger v = parseNumber(c);
        if (v.bitLength() > 64) throw error(c.getStart(), "number " + c.getText() + " exceeds 64 bits");
        return v.longValue();
    }

    private static BigInteger parseNumber(PolicyConfParser.NumberContext c) {
        String t = c.getText();
        // strtoul(…, 0): 0x hex, leading 0 octal, else decimal
        if (t.startsWith("0x")) return new BigInteger(t.substring(2), 16);
        if (t.length() > 1 && t.startsWith("0")) {
            String oct = t.chars().takeWhile(ch -> ch >= '0' && ch <= '7').collect(StringBuilder::new,
                    StringBuilder::appendCodePoint, StringBuilder::append).toString();
            return new BigInteger(oct, 8);
        }
        return new BigInteger(t);
    }
}
