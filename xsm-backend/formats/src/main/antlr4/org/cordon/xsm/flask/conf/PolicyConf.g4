/*
 * policy.conf as `checkpolicy -t Xen` (3.4) accepts it: the statement order of checkpolicy's base_policy rule,
 * its tokens (policy_scan.l) and its operator precedence. Written from the language description, not from
 * the yacc source. Semantics live in AstBuilder and Expander.
 */
grammar PolicyConf;

policy
    : classDecl+ sidDecl+ commonDef* avDef+ defaultRule* mls? teRbac+ userDef+ constraintDecl*
      sidContext+ devContext* EOF
    ;

classDecl   : CLASS identifier ;
sidDecl     : SID identifier ;
commonDef   : COMMON identifier '{' identifier+ '}' ;
avDef       : CLASS identifier '{' identifier+ '}'                          #avPlain
            | CLASS identifier INHERITS identifier ('{' identifier+ '}')?   #avInherits
            ;

defaultRule
    : kw=(DEFAULT_USER | DEFAULT_ROLE | DEFAULT_TYPE) names which=(SOURCE | TARGET) ';'
    | kw=DEFAULT_RANGE names which=(SOURCE | TARGET) part=(LOW | HIGH | LOW_HIGH) ';'
    | kw=DEFAULT_RANGE names part=GLBLUB ';'
    ;

mls         : sensitivityDef+ dominance categoryDef* levelDef+ mlsPolicyDecl+ ;
sensitivityDef : SENSITIVITY identifier (ALIAS names)? ';' ;
dominance   : DOMINANCE (identifier | '{' identifier+ '}') ;
categoryDef : CATEGORY identifier (ALIAS names)? ';' ;
levelDef    : LEVEL identifier (':' idCommaList)? ';' ;
mlsPolicyDecl
    : MLSCONSTRAIN names names cexpr ';'   #mlsConstrain
    | MLSVALIDATETRANS names cexpr ';'     #mlsValidatetrans
    ;

teRbac
    : ATTRIBUTE identifier ';'                                         #attributeDef
    | EXPANDATTRIBUTE names boolVal ';'                                #expandAttributeDef
    | TYPE identifier (ALIAS names)? (',' idCommaList)? ';'            #typeDef
    | TYPEALIAS identifier ALIAS names ';'                             #typeAliasDef
    | TYPEATTRIBUTE identifier idCommaList ';'                         #typeAttributeDef
    | TYPEBOUNDS identifier idCommaList ';'                            #typeBoundsDef
    | BOOL identifier boolVal ';'                                      #boolDef
    | TUNABLE identifier boolVal ';'                                   #tunableDef
    | teRule                                                           #teRuleDef
    | RANGE_TRANSITION names names (':' names)? mlsRange ';'           #rangeTransDef
    | PERMISSIVE identifier ';'                                        #permissiveDef
    | POLICYCAP identifier ';'                                         #policycapDef
    | ATTRIBUTE_ROLE identifier ';'                                    #attributeRoleDef
    | ROLE identifier TYPES names ';'                                  #roleTypesDef
    | ROLE identifier (',' idCommaList)? ';'                           #roleDecl
    | ROLEATTRIBUTE identifier idCommaList ';'                         #roleAttributeDef
    | DOMINANCE '{' roleDom+ '}'                                       #roleDominanceDef
    | ROLE_TRANSITION names names (':' names)? identifier ';'          #roleTransDef
    | ALLOW names names ';'                                            #roleAllowDef
    | IF condExpr '{' teRule* '}' (ELSE '{' teRule* '}')?              #condDef
    | ';'                                                              #emptyDef
    ;

roleDom     : ROLE identifier ';' | ROLE identifier '{' roleDom+ '}' ;

teRule
    : kind=(ALLOW | AUDITALLOW | AUDITDENY | DONTAUDIT | NEVERALLOW) names names ':' names names ';'   #avRule
    | kind=(TYPE_TRANSITION | TYPE_MEMBER | TYPE_CHANGE) names names ':' names identifier FILENAME? ';' #typeRule
    ;

boolVal     : CTRUE | CFALSE ;

userDef     : USER identifier ROLES names (LEVEL mlsLevel RANGE mlsRange)? ';' ;

constraintDecl
    : CONSTRAIN names names cexpr ';'   #constrain
    | VALIDATETRANS names cexpr ';'     #validatetrans
    ;

cexpr
    : '(' cexpr ')'            #cParen
    | NOT cexpr                #cNot
    | cexpr AND cexpr          #cAnd
    | cexpr OR cexpr           #cOr
    | cexprPrim                #cPrim
    ;

cexprPrim
    : left=(U1 | R1 | T1) op right=(U2 | R2 | T2)            #cAttrEq
    | left=(R1 | L1 | H1 | L2) roleMlsOp right=(R2 | L2 | H2 | H1) #cAttrMls
    | left=(U1 | U2 | U3 | R1 | R2 | R3 | T1 | T2 | T3) op namesPush #cNames
    | SAMEUSER                                               #cSameUser
    | which=(SOURCE | TARGET) what=(ROLE | TYPE) namesPush   #cSourceTarget
    | ROLE roleMlsOp                                         #cRoleOp
    ;

op          : EQUALS | NOTEQUAL ;
roleMlsOp   : EQUALS | NOTEQUAL | DOM | DOMBY | INCOMP ;

condExpr
    : '(' condExpr ')'                          #bParen
    | condExpr o=(EQUALS | NOTEQUAL) condExpr   #bEq
    | NOT condExpr                              #bNot
    | condExpr AND condExpr                     #bAnd
    | condExpr XOR condExpr                     #bXor
    | condExpr OR condExpr                      #bOr
    | identifier                                #bBool
    ;

sidContext  : SID identifier context ;

devContext
    : PIRQCON number context                      #pirqcon
    | IOMEMCON number ('-' number)? context       #iomemcon
    | IOPORTCON number ('-' number)? context      #ioportcon
    | PCIDEVICECON number context                 #pcidevicecon
    | DEVICETREECON path context                  #devicetreecon
    ;

context     : identifier ':' identifier ':' identifier (':' mlsRange)? ;
mlsRange    : mlsLevel ('-' mlsLevel)? ;
mlsLevel    : identifier (':' idCommaList)? ;
idCommaList : identifier (',' identifier)* ;

names
    : identifier                  #nameOne
    | nestedIdSet                 #nameSet
    | '*'                         #nameStar
    | '~' identifier              #nameCompOne
    | '~' nestedIdSet             #nameCompSet
    | identifier '-' identifier   #nameMinus
    ;
nestedIdSet : '{' nestedIdElem+ '}' ;
nestedIdElem : identifier | '-' identifier | nestedIdSet ;

namesPush
    : identifier
    | '{' identifier+ '}'
    | '*'
    | '~' identifier
    | '~' '{' identifier+ '}'
    ;

identifier  : IDENTIFIER ;
number      : NUMBER ;
path        : PATH | QPATH ;

// ---- lexer: keywords first so that they win ties with IDENTIFIER, like flex's first-rule rule ----
CLONE : 'clone' ; COMMON : 'common' ; CLASS : 'class' ; CONSTRAIN : 'constrain' ;
VALIDATETRANS : 'validatetrans' ; INHERITS : 'inherits' ; SID : 'sid' ; ROLE : 'role' ; ROLES : 'roles' ;
ROLEATTRIBUTE : 'roleattribute' ; ATTRIBUTE_ROLE : 'attribute_role' ; TYPES : 'types' ;
TYPEALIAS : 'typealias' ; TYPEATTRIBUTE : 'typeattribute' ; TYPEBOUNDS : 'typebounds' ; TYPE : 'type' ;
BOOL : 'bool' ; TUNABLE : 'tunable' ; IF : 'if' ; ELSE : 'else' ; ALIAS : 'alias' ; ATTRIBUTE : 'attribute' ;
EXPANDATTRIBUTE : 'expandattribute' ; TYPE_TRANSITION : 'type_transition' ; TYPE_MEMBER : 'type_member' ;
TYPE_CHANGE : 'type_change' ; ROLE_TRANSITION : 'role_transition' ; RANGE_TRANSITION : 'range_transition' ;
SENSITIVITY : 'sensitivity' ; DOMINANCE : 'dominance' ; CATEGORY : 'category' ; LEVEL : 'level' ;
RANGE : 'range' ; MLSCONSTRAIN : 'mlsconstrain' ; MLSVALIDATETRANS : 'mlsvalidatetrans' ; USER : 'user' ;
NEVERALLOW : 'neverallow' ; ALLOW : 'allow' ; AUDITALLOW : 'auditallow' ; AUDITDENY : 'auditdeny' ;
DONTAUDIT : 'dontaudit' ; ALLOWXPERM : 'allowxperm' ; AUDITALLOWXPERM : 'auditallowxperm' ;
DONTAUDITXPERM : 'dontauditxperm' ; NEVERALLOWXPERM : 'neverallowxperm' ; SOURCE : 'source' ;
TARGET : 'target' ; SAMEUSER : 'sameuser' ; MODULE : 'module' | 'MODULE' ; REQUIRE : 'require' | 'REQUIRE' ;
OPTIONAL : 'optional' | 'OPTIONAL' ; OR : 'or' ; AND : 'and' ; NOT : 'not' ; XOR : 'xor' | 'XOR' ;
EQ_KW : ('eq' | 'EQ') -> type(EQUALS) ; CTRUE : 'true' | 'TRUE' ; CFALSE : 'false' | 'FALSE' ;
DOM : 'dom' | 'DOM' ; DOMBY : 'domby' | 'DOMBY' ; INCOMP : 'incomp' ;
FSCON : 'fscon' | 'FSCON' ; IBPKEYCON : 'ibpkeycon' | 'IBPKEYCON' ; IBENDPORTCON : 'ibendportcon' | 'IBENDPORTCON' ;
PORTCON : 'portcon' | 'PORTCON' ; NETIFCON : 'netifcon' | 'NETIFCON' ; NODECON : 'nodecon' | 'NODECON' ;
PIRQCON : 'pirqcon' | 'PIRQCON' ; IOMEMCON : 'iomemcon' | 'IOMEMCON' ; IOPORTCON : 'ioportcon' | 'IOPORTCON' ;
PCIDEVICECON : 'pcidevicecon' | 'PCIDEVICECON' ; DEVICETREECON : 'devicetreecon' | 'DEVICETREECON' ;
FSUSEXATTR : 'fs_use_xattr' | 'FS_USE_XATTR' ; FSUSETASK : 'fs_use_task' | 'FS_USE_TASK' ;
FSUSETRANS : 'fs_use_trans' | 'FS_USE_TRANS' ; GENFSCON : 'genfscon' | 'GENFSCON' ;
R1 : 'r1' | 'R1' ; R2 : 'r2' | 'R2' ; R3 : 'r3' | 'R3' ; U1 : 'u1' | 'U1' ; U2 : 'u2' | 'U2' ; U3 : 'u3' | 'U3' ;
T1 : 't1' | 'T1' ; T2 : 't2' | 'T2' ; T3 : 't3' | 'T3' ; L1 : 'l1' | 'L1' ; L2 : 'l2' | 'L2' ;
H1 : 'h1' | 'H1' ; H2 : 'h2' | 'H2' ; POLICYCAP : 'policycap' | 'POLICYCAP' ;
PERMISSIVE : 'permissive' | 'PERMISSIVE' ; DEFAULT_USER : 'default_user' | 'DEFAULT_USER' ;
DEFAULT_ROLE : 'default_role' | 'DEFAULT_ROLE' ; DEFAULT_TYPE : 'default_type' | 'DEFAULT_TYPE' ;
DEFAULT_RANGE : 'default_range' | 'DEFAULT_RANGE' ; LOW_HIGH : 'low-high' | 'LOW-HIGH' ;
HIGH : 'high' | 'HIGH' ; LOW : 'low' | 'LOW' ; GLBLUB : 'glblub' | 'GLBLUB' ;

PATH     : '/' ~[ \n\r\t\f]* ;
QPATH    : '"/' ~["\n]* '"' ;
FILENAME : '"' ~["/\n]+ '"' ;
IDENTIFIER : [A-Za-z] [A-Za-z0-9_\-]* ('.'? [A-Za-z0-9_\-])* ;
NUMBER   : [0-9]+ | '0x' [0-9A-Fa-f]+ ;
// tokens checkpolicy's scanner also has; the Xen grammar never accepts them, so input that lexes this way
// (e.g. "ab:cd:ef" as an IPv6 address) is rejected exactly as checkpolicy rejects it
FILESYSTEM : [a-zA-Z0-9]* [A-Za-z] [a-zA-Z0-9]* ;
IPV4_ADDR : [0-9] [0-9]? [0-9]? ('.' [0-9] [0-9]? [0-9]?) ('.' [0-9] [0-9]? [0-9]?) ('.' [0-9] [0-9]? [0-9]?) ;
IPV6_ADDR : HEX4 ':' HEX4 ':' [0-9A-Fa-f:.]* ;
VERSION_IDENTIFIER : [0-9]+ ('.' [a-zA-Z0-9_.]*)? ;
fragment HEX4 : ([0-9A-Fa-f] ([0-9A-Fa-f] ([0-9A-Fa-f] [0-9A-Fa-f]?)?)?)? ;

EQUALS   : '==' ;
NOTEQUAL : '!=' ;
AND_OP   : '&&' -> type(AND) ;
OR_OP    : '||' -> type(OR) ;
NOT_OP   : '!' -> type(NOT) ;
XOR_OP   : '^' -> type(XOR) ;

// #line markers are interpreted by LineMap before lexing; here they are comments like any other '#'.
COMMENT  : '#' ~[\n]* -> skip ;
WS       : [ \t\f\r\n]+ -> skip ;
PUNCT_OTHER : [[\].] ;
