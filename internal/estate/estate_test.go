package estate

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func names(ws []Worker) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.Name
	}
	return out
}

func TestDeployOrderPutsServiceTargetsFirst(t *testing.T) {
	order, cycle := Dome().DeployOrder()
	assert.Nil(t, cycle)
	pos := map[string]int{}
	for i, n := range names(order) {
		pos[n] = i
	}
	for _, w := range Dome().Workers {
		for _, b := range w.BindingsOf(Service) {
			assert.Less(t, pos[b.Target], pos[w.Name], "%s binds %s", w.Name, b.Target)
		}
	}
	assert.Len(t, order, len(Dome().Workers))
}

func TestDeployOrderFindsCycles(t *testing.T) {
	e := Estate{Workers: []Worker{
		{Name: "a", Bindings: []Binding{{Name: "B", Kind: Service, Target: "b"}}},
		{Name: "b", Bindings: []Binding{{Name: "C", Kind: Service, Target: "c"}}},
		{Name: "c", Bindings: []Binding{{Name: "A", Kind: Service, Target: "a"}}},
	}}
	order, cycle := e.DeployOrder()
	assert.Nil(t, order)
	assert.Equal(t, []string{"a", "b", "c", "a"}, cycle)
}

func TestProducersAndConsumers(t *testing.T) {
	e := Dome()
	assert.ElementsMatch(t, []string{"dome-api", "silo", "dome-cron"}, e.ProducersOf("dome-events"))
	assert.Equal(t, []string{"bucket " + ContentEventsBucket}, e.ProducersOf("content-events"))
	assert.Equal(t, []string{"dead letters of constellation"}, e.ProducersOf("embed-dead-letter"))
	w, c, ok := e.ConsumerOf("dome-events")
	assert.True(t, ok)
	assert.Equal(t, "dome-notify", w.Name, "dome-notify consumes dome-events; dome-cron only produces")
	assert.Empty(t, c.DeadLetterQueue)
	_, _, ok = e.ConsumerOf("embed-dead-letter")
	assert.False(t, ok)
}
