// Command template-conformance runs the template cases in cases/*.cases through Go's own
// text/template and writes the expected output or error of each case to
// test/fixtures/template-conformance/<file>.json.
//
// Run from the repository root, with no modules or dependencies:
//
//	GO111MODULE=off go run ./scripts/template-conformance
//
// Case file format: a case starts with "=== name"; header lines "key: value" follow
// (data, missingkey, delims, exec, go122, go122-error, newer-error, note); each "--- NAME" line starts a
// template text parsed as NAME (the first one is executed unless "exec" says otherwise).
// The text runs to the next "---" or "===" line; its final newline is not part of it.
// go122/go122-error give hand-written expectations for features Go 1.19 lacks; newer-error
// replaces an error message that Go 1.21+ words differently (the case must still fail in Go 1.19).
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"text/template"
)

// ---- the data model mirrored by the TypeScript conformance test ----

type KV map[string]string

type Pair struct{ Name, Value string }
type Pairs []Pair
type Strs []string

func (s Strs) Join(sep string) string { return strings.Join(s, sep) }

func (kv KV) SortedPairs() Pairs {
	keys := make([]string, 0, len(kv))
	for k := range kv {
		if k != "alertname" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	if _, ok := kv["alertname"]; ok {
		keys = append([]string{"alertname"}, keys...)
	}
	ps := Pairs{}
	for _, k := range keys {
		ps = append(ps, Pair{k, kv[k]})
	}
	return ps
}

func (kv KV) Names() Strs  { return kv.SortedPairs().Names() }
func (kv KV) Values() Strs { return kv.SortedPairs().Values() }
func (kv KV) String() string {
	return kv.SortedPairs().String()
}
func (kv KV) Remove(keys []string) KV {
	out := KV{}
	for k, v := range kv {
		out[k] = v
	}
	for _, k := range keys {
		delete(out, k)
	}
	return out
}

func (ps Pairs) Names() Strs {
	out := Strs{}
	for _, p := range ps {
		out = append(out, p.Name)
	}
	return out
}
func (ps Pairs) Values() Strs {
	out := Strs{}
	for _, p := range ps {
		out = append(out, p.Value)
	}
	return out
}
func (ps Pairs) String() string {
	parts := []string{}
	for _, p := range ps {
		parts = append(parts, p.Name+"="+p.Value)
	}
	return strings.Join(parts, ", ")
}

type Obj struct {
	Name   string
	N      int
	F      float64
	B      bool
	L      []interface{}
	M      map[string]interface{}
	I      interface{}
	S      Strs
	K      KV
	hidden int
}

func (o Obj) Greet(s string) string { return "hello, " + s + " from " + o.Name }
func (o Obj) Sum(a, b int) int      { return a + b }
func (o Obj) Twice() int            { return 2 * o.N }
func (o Obj) Fail() (string, error) { return "", errors.New("obj failure") }
func (o Obj) MaybeFail(fail bool) (string, error) {
	if fail {
		return "", errors.New("asked to fail")
	}
	return "fine", nil
}
func (o Obj) Cat(sep string, parts ...string) string { return strings.Join(parts, sep) }

type Str struct{ S string }

func (s Str) String() string { return "<" + s.S + ">" }

type Err struct{ Msg string }

func (e Err) Error() string { return "err: " + e.Msg }

type Alert struct {
	Status       string
	Labels       KV
	Annotations  KV
	GeneratorURL string
	Fingerprint  string
}

type Alerts []Alert

func (as Alerts) Firing() Alerts   { return as.filter("firing") }
func (as Alerts) Resolved() Alerts { return as.filter("resolved") }
func (as Alerts) filter(status string) Alerts {
	out := Alerts{}
	for _, a := range as {
		if a.Status == status {
			out = append(out, a)
		}
	}
	return out
}

type Data struct {
	Status            string
	Receiver          string
	Alerts            Alerts
	GroupLabels       KV
	CommonLabels      KV
	CommonAnnotations KV
	ExternalURL       string
}

var funcs = template.FuncMap{
	"upper":   strings.ToUpper,
	"toUpper": strings.ToUpper,
	"toLower": strings.ToLower,
	"join":    func(sep string, items []string) string { return strings.Join(items, sep) },
	"fail":    func() (string, error) { return "", errors.New("boom") },
	"add":     func(a, b int) int { return a + b },
	"seq": func(n int) []int {
		out := []int{}
		for i := 0; i < n; i++ {
			out = append(out, i)
		}
		return out
	},
	"nilf": func() interface{} { return nil },
	"str":  func(v interface{}) string { return fmt.Sprint(v) },
	"list": func(items ...interface{}) []interface{} { return items },
	"dict": func(kv ...interface{}) map[string]interface{} {
		m := map[string]interface{}{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[fmt.Sprint(kv[i])] = kv[i+1]
		}
		return m
	},
}

var types = map[string]reflect.Type{
	"KV": reflect.TypeOf(KV{}), "Pair": reflect.TypeOf(Pair{}), "Pairs": reflect.TypeOf(Pairs{}),
	"Strs": reflect.TypeOf(Strs{}), "Obj": reflect.TypeOf(Obj{}), "Str": reflect.TypeOf(Str{}),
	"Err": reflect.TypeOf(Err{}), "Alert": reflect.TypeOf(Alert{}), "Alerts": reflect.TypeOf(Alerts{}),
	"Data": reflect.TypeOf(Data{}),
}

// conv turns decoded JSON into Go values: integral numbers are int, others float64;
// {"$f": x} is float64, {"$u8": n} uint8, {"$func": name} a function, {"$type": T, ...} a named type.
func conv(v interface{}) interface{} {
	switch x := v.(type) {
	case json.Number:
		// Integral values are int (use {"$f": x} for an integral float64), others float64.
		f, _ := x.Float64()
		if f == math.Trunc(f) && math.Abs(f) < 1<<53 {
			return int(f)
		}
		return f
	case []interface{}:
		out := make([]interface{}, len(x))
		for i, e := range x {
			out[i] = conv(e)
		}
		return out
	case map[string]interface{}:
		if f, ok := x["$f"]; ok {
			n, _ := f.(json.Number).Float64()
			return n
		}
		if f, ok := x["$u8"]; ok {
			n, _ := f.(json.Number).Int64()
			return uint8(n)
		}
		if f, ok := x["$func"]; ok {
			return funcs[f.(string)]
		}
		if t, ok := x["$type"]; ok {
			typ := types[t.(string)]
			dst := reflect.New(typ).Elem()
			body := x["v"]
			if body == nil {
				rest := map[string]interface{}{}
				for k, e := range x {
					if k != "$type" {
						rest[k] = e
					}
				}
				body = rest
			}
			assign(dst, conv(body))
			return dst.Interface()
		}
		out := map[string]interface{}{}
		for k, e := range x {
			out[k] = conv(e)
		}
		return out
	}
	return v
}

func assign(dst reflect.Value, v interface{}) {
	if v == nil {
		return
	}
	src := reflect.ValueOf(v)
	if src.Type().AssignableTo(dst.Type()) {
		dst.Set(src)
		return
	}
	switch dst.Kind() {
	case reflect.Struct:
		for k, e := range v.(map[string]interface{}) {
			f := dst.FieldByName(k)
			if !f.IsValid() {
				panic("no field " + k)
			}
			if !f.CanSet() {
				f = reflect.NewAt(f.Type(), f.Addr().UnsafePointer()).Elem()
			}
			assign(f, e)
		}
	case reflect.Slice:
		items := v.([]interface{})
		s := reflect.MakeSlice(dst.Type(), len(items), len(items))
		for i, e := range items {
			assign(s.Index(i), e)
		}
		dst.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(dst.Type())
		for k, e := range v.(map[string]interface{}) {
			ev := reflect.New(dst.Type().Elem()).Elem()
			assign(ev, e)
			m.SetMapIndex(reflect.ValueOf(k), ev)
		}
		dst.Set(m)
	default:
		dst.Set(src.Convert(dst.Type()))
	}
}

// ---- cases ----

type chunk struct {
	Name string `json:"name"`
	Text string `json:"text"`
}

type testCase struct {
	Name        string          `json:"name"`
	Chunks      []chunk         `json:"templates"`
	Data        json.RawMessage `json:"data,omitempty"`
	MissingKey  string          `json:"missingkey,omitempty"`
	Delims      []string        `json:"delims,omitempty"`
	Exec        string          `json:"exec"`
	Output      *string         `json:"output,omitempty"`
	Error       string          `json:"error,omitempty"`
	ErrorKind   string          `json:"errorKind,omitempty"`
	HandWritten bool            `json:"handWritten,omitempty"`
	Go119Error  string          `json:"go119Error,omitempty"`
	newerError  string
	Note        string `json:"note,omitempty"`
}

func parseCases(src string) []*testCase {
	var cases []*testCase
	var cur *testCase
	var text *strings.Builder
	flush := func() {
		if cur != nil && text != nil {
			cur.Chunks[len(cur.Chunks)-1].Text = strings.TrimSuffix(text.String(), "\n")
		}
		text = nil
	}
	for _, line := range strings.SplitAfter(src, "\n") {
		trimmed := strings.TrimRight(line, "\n")
		switch {
		case strings.HasPrefix(trimmed, "=== "):
			flush()
			cur = &testCase{Name: strings.TrimSpace(trimmed[4:])}
			cases = append(cases, cur)
		case strings.HasPrefix(trimmed, "---") && cur != nil:
			flush()
			name := strings.TrimSpace(trimmed[3:])
			if name == "" {
				name = "t"
			}
			cur.Chunks = append(cur.Chunks, chunk{Name: name})
			text = &strings.Builder{}
		case text != nil:
			text.WriteString(line)
		case cur != nil && strings.TrimSpace(trimmed) != "":
			k, v, _ := strings.Cut(trimmed, ":")
			v = strings.TrimSpace(v)
			switch k {
			case "data":
				cur.Data = json.RawMessage(v)
			case "missingkey":
				cur.MissingKey = v
			case "delims":
				cur.Delims = strings.Fields(v)
			case "exec":
				cur.Exec = v
			case "go122":
				out, err := strconv.Unquote(v)
				if err != nil {
					panic(cur.Name + ": go122 must be a Go quoted string")
				}
				cur.Output = &out
				cur.HandWritten = true
			case "go122-error":
				cur.Error = v
				cur.ErrorKind = "exec"
				cur.HandWritten = true
			case "note":
				cur.Note = v
			case "newer-error":
				cur.newerError = v
			default:
				panic(cur.Name + ": unknown header " + k)
			}
		}
	}
	flush()
	return cases
}

func run(c *testCase) {
	if c.Exec == "" {
		c.Exec = c.Chunks[0].Name
	}
	if c.HandWritten {
		return
	}
	var data interface{}
	if len(c.Data) > 0 {
		dec := json.NewDecoder(bytes.NewReader(c.Data))
		dec.UseNumber()
		if err := dec.Decode(&data); err != nil {
			panic(c.Name + ": bad data: " + err.Error())
		}
		data = conv(data)
	}
	root := template.New(c.Chunks[0].Name).Funcs(funcs)
	if c.MissingKey != "" {
		root.Option("missingkey=" + c.MissingKey)
	}
	if len(c.Delims) == 2 {
		root.Delims(c.Delims[0], c.Delims[1])
	}
	for i, ch := range c.Chunks {
		t := root
		if i > 0 {
			t = root.New(ch.Name)
		}
		if _, err := t.Parse(ch.Text); err != nil {
			c.Error = err.Error()
			c.ErrorKind = "parse"
			return
		}
	}
	var buf bytes.Buffer
	if err := root.ExecuteTemplate(&buf, c.Exec, data); err != nil {
		c.Error = err.Error()
		c.ErrorKind = "exec"
		if c.newerError != "" {
			// Go 1.21+ words this error differently: keep Go 1.19's text for reference.
			c.Go119Error, c.Error = c.Error, c.newerError
		}
		return
	}
	if c.newerError != "" {
		panic(c.Name + ": newer-error given but Go 1.19 did not fail")
	}
	out := buf.String()
	c.Output = &out
}

func main() {
	files, _ := filepath.Glob("scripts/template-conformance/cases/*.cases")
	total := 0
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			panic(err)
		}
		cases := parseCases(string(src))
		for _, c := range cases {
			run(c)
		}
		out, _ := json.MarshalIndent(cases, "", "  ")
		base := strings.TrimSuffix(filepath.Base(f), ".cases")
		dst := filepath.Join("test/fixtures/template-conformance", base+".json")
		if err := os.WriteFile(dst, append(out, '\n'), 0o644); err != nil {
			panic(err)
		}
		total += len(cases)
		fmt.Printf("%s: %d cases\n", dst, len(cases))
	}
	fmt.Printf("total: %d cases\n", total)
}
