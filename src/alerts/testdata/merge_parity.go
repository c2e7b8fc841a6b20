// Reads alert pairs as JSON on stdin, puts each pair into Alertmanager's in-memory provider
// (provider/mem, which applies the overlap rule and types.Alert.Merge) and prints what it stored.
// Times are minutes relative to the moment the program runs, because Merge consults time.Now().
package main

import (
	"context"
	"encoding/json"
	"os"
	"time"

	"github.com/go-kit/log"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/common/model"

	"github.com/prometheus/alertmanager/provider/mem"
	"github.com/prometheus/alertmanager/types"
)

type side struct {
	StartsAt  int64 `json:"startsAt"`
	EndsAt    int64 `json:"endsAt"`
	UpdatedAt int64 `json:"updatedAt"`
	Timeout   bool  `json:"timeout"`
	Note      string `json:"note"`
}

type pair struct {
	Old side `json:"old"`
	New side `json:"new"`
}

func main() {
	var pairs []pair
	if err := json.NewDecoder(os.Stdin).Decode(&pairs); err != nil {
		panic(err)
	}
	now := time.Now()
	at := func(min int64) time.Time { return now.Add(time.Duration(min) * time.Minute) }
	back := func(t time.Time) int64 { return int64(t.Sub(now) / time.Minute) }
	out := make([]side, 0, len(pairs))
	for _, p := range pairs {
		marker := types.NewMarker(prometheus.NewRegistry())
		alerts, err := mem.NewAlerts(context.Background(), marker, time.Hour, nil, log.NewNopLogger(), nil)
		if err != nil {
			panic(err)
		}
		mk := func(s side) *types.Alert {
			return &types.Alert{
				Alert: model.Alert{
					Labels:      model.LabelSet{"alertname": "A"},
					Annotations: model.LabelSet{"note": model.LabelValue(s.Note)},
					StartsAt:    at(s.StartsAt),
					EndsAt:      at(s.EndsAt),
				},
				UpdatedAt: at(s.UpdatedAt),
				Timeout:   s.Timeout,
			}
		}
		if err := alerts.Put(mk(p.Old)); err != nil {
			panic(err)
		}
		if err := alerts.Put(mk(p.New)); err != nil {
			panic(err)
		}
		got, err := alerts.Get(model.LabelSet{"alertname": "A"}.Fingerprint())
		if err != nil {
			panic(err)
		}
		out = append(out, side{
			StartsAt:  back(got.StartsAt),
			EndsAt:    back(got.EndsAt),
			UpdatedAt: back(got.UpdatedAt),
			Timeout:   got.Timeout,
			Note:      string(got.Annotations["note"]),
		})
		alerts.Close()
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		panic(err)
	}
}
