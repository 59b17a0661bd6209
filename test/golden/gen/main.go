// Command gen records the output of Go's text/template (and of sprig for the functions Orkestra shares with
// it) for every case under cases/, writing ../template/<group>.json. Run it through `npm run golden:update`.
//
// A case is {name, template, data, spec?, sprig?}. Data is JSON decoded the way the API server's objects are
// decoded: whole numbers become int, other numbers float64. When the spec pins down or relaxes Go's
// behaviour (spec §6.5), the case carries `spec`: the output Orkestra must produce. The recorded case then keeps
// Go's own output under `go` so the difference stays visible.
//
// The `fields` group's data is a CR; besides the engine's text, each of its templates is rendered as the whole
// value of a Katalog's string fields through the runtime's reconcile (test/golden/fields.test.ts), which must
// hold the same text.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig/v3"
)

type inputCase struct {
	Name     string          `json:"name"`
	Template string          `json:"template"`
	Data     json.RawMessage `json:"data,omitempty"`
	Spec     *string         `json:"spec,omitempty"`
	SpecErr  bool            `json:"specError,omitempty"`
	Note     string          `json:"note,omitempty"`
}

type outputCase struct {
	Name     string          `json:"name"`
	Template string          `json:"template"`
	Data     json.RawMessage `json:"data"`
	Expected *string         `json:"expected,omitempty"`
	Error    *string         `json:"error,omitempty"`
	Go       *string         `json:"go,omitempty"`
	Note     string          `json:"note,omitempty"`
}

// decode turns JSON into template data: objects, arrays, strings, bools, nil, int for whole numbers within
// ±(2^53-1) (what a JavaScript number holds exactly) and float64 otherwise.
func decode(raw json.RawMessage) (any, error) {
	if len(raw) == 0 {
		return nil, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return convert(v), nil
}

func convert(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = convert(e)
		}
		return x
	case []any:
		for i, e := range x {
			x[i] = convert(e)
		}
		return x
	case json.Number:
		if i, err := x.Int64(); err == nil && i <= 1<<53-1 && i >= -(1<<53-1) {
			return int(i)
		}
		f, _ := x.Float64()
		if f == math.Trunc(f) && math.Abs(f) <= 1<<53-1 {
			return int(f)
		}
		return f
	}
	return v
}

// sprigFuncs are the sprig functions Orkestra shares by name and argument order.
var sprigFuncs = []string{
	"upper", "lower", "title", "trim", "trimPrefix", "trimSuffix", "hasPrefix", "hasSuffix", "replace",
	"join", "repeat", "quote", "squote", "nospace", "trunc", "abbrev", "toJson", "b64enc", "b64dec",
	"sha256sum", "list", "dict", "hasKey", "pluck", "merge", "values", "ternary", "coalesce", "empty",
	"add", "sub", "mul", "mod", "max", "min", "semverCompare", "toString", "keys", "default",
}

func funcMap(group string) template.FuncMap {
	if !strings.HasPrefix(group, "sprig") {
		return nil
	}
	all := sprig.TxtFuncMap()
	m := template.FuncMap{}
	for _, n := range sprigFuncs {
		m[n] = all[n]
	}
	return m
}

func run(group string, c inputCase) (out string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	t, err := template.New(c.Name).Funcs(funcMap(group)).Parse(c.Template)
	if err != nil {
		return "", err
	}
	data, err := decode(c.Data)
	if err != nil {
		return "", err
	}
	var buf bytes.Buffer
	err = t.Execute(&buf, data)
	return buf.String(), err
}

func record(group string, c inputCase) outputCase {
	o := outputCase{Name: c.Name, Template: c.Template, Data: c.Data, Note: c.Note}
	if len(o.Data) == 0 {
		o.Data = json.RawMessage("null")
	}
	out, err := run(group, c)
	goText := out
	if err != nil {
		goText = "error: " + err.Error()
	}
	switch {
	case c.SpecErr:
		msg := "spec: an error"
		o.Error, o.Go = &msg, &goText
	case c.Spec != nil:
		o.Expected, o.Go = c.Spec, &goText
	case err != nil:
		msg := err.Error()
		o.Error = &msg
	default:
		o.Expected = &out
	}
	return o
}

func main() {
	files, err := filepath.Glob("cases/*.json")
	if err != nil {
		panic(err)
	}
	sort.Strings(files)
	total := 0
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			panic(err)
		}
		var cases []inputCase
		if err := json.Unmarshal(raw, &cases); err != nil {
			panic(fmt.Sprintf("%s: %v", f, err))
		}
		group := strings.TrimSuffix(filepath.Base(f), ".json")
		out := make([]outputCase, 0, len(cases))
		for _, c := range cases {
			out = append(out, record(group, c))
		}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			panic(err)
		}
		if err := os.WriteFile(filepath.Join("..", "template", group+".json"), buf.Bytes(), 0o644); err != nil {
			panic(err)
		}
		total += len(out)
	}
	fmt.Printf("recorded %d cases in %d files\n", total, len(files))
}
