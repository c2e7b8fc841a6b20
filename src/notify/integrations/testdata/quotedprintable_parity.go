// Reads a JSON array of strings on stdin and writes, as a JSON array, each one encoded by Go's
// mime/quotedprintable Writer, which Alertmanager's email integration uses for its bodies.
package main

import (
	"bytes"
	"encoding/json"
	"mime/quotedprintable"
	"os"
)

func main() {
	var inputs []string
	if err := json.NewDecoder(os.Stdin).Decode(&inputs); err != nil {
		panic(err)
	}
	outputs := make([]string, len(inputs))
	for i, input := range inputs {
		var encoded bytes.Buffer
		w := quotedprintable.NewWriter(&encoded)
		if _, err := w.Write([]byte(input)); err != nil {
			panic(err)
		}
		if err := w.Close(); err != nil {
			panic(err)
		}
		outputs[i] = encoded.String()
	}
	if err := json.NewEncoder(os.Stdout).Encode(outputs); err != nil {
		panic(err)
	}
}
