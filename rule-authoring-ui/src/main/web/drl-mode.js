// Syntax highlighting for Drools DRL in CodeMirror 5 (simple mode): keywords, rule attributes, annotations,
// bindings ($o), types, strings, numbers and comments.
CodeMirror.defineSimpleMode('drl', {
  start: [
    {regex: /\/\/.*/, token: 'comment'},
    {regex: /\/\*/, token: 'comment', next: 'comment'},
    {regex: /"(?:[^\\"]|\\.)*"?/, token: 'string'},
    {regex: /'(?:[^\\']|\\.)*'?/, token: 'string'},
    {regex: /\b(?:package|import|function|global|declare|query|rule|when|then|end|extends|enum)\b/, token: 'keyword'},
    {regex: /\b(?:not|exists|forall|from|accumulate|collect|eval|over|window|entry-point|in|matches|memberOf|contains|soundslike|this)\b/, token: 'keyword'},
    {regex: /\b(?:insert|insertLogical|modify|update|delete|retract)\b/, token: 'builtin'},
    {regex: /\b(?:salience|no-loop|lock-on-active|agenda-group|activation-group|dialect|enabled|date-effective|date-expires|timer|calendars|auto-focus)\b/, token: 'attribute'},
    {regex: /@[A-Za-z_]\w*/, token: 'meta'},
    {regex: /\$[A-Za-z_]\w*/, token: 'variable-2'},
    {regex: /\b(?:true|false|null)\b/, token: 'atom'},
    {regex: /\b\d+(?:\.\d+)?\b/, token: 'number'},
    {regex: /\b[A-Z][A-Za-z0-9_]*\b/, token: 'type'},
    {regex: /[-+\/*=<>!&|]+/, token: 'operator'},
    {regex: /[a-zA-Z_]\w*/, token: null}
  ],
  comment: [
    {regex: /.*?\*\//, token: 'comment', next: 'start'},
    {regex: /.*/, token: 'comment'}
  ],
  meta: {lineComment: '//', blockCommentStart: '/*', blockCommentEnd: '*/'}
});
