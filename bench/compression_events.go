// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"math/rand/v2"
	"strconv"

	"github.com/hertz-contrib/sse"
)

// compressionPayload names a kind of event of the compression workload.
type compressionPayload string

// The payloads of the compression workload.
const (
	// tokenPayload is an LLM token as a chat completion stream sends it: about 20
	// bytes of JSON, {"token":" word"}, the words drawn at random from a vocabulary.
	tokenPayload compressionPayload = "LLM token (~20 B JSON)"
	// chunkPayload is the same token in the envelope of an OpenAI-style chat
	// completion chunk, about 170 bytes of JSON that repeat from one event to the next
	// but for the token.
	chunkPayload compressionPayload = "chat completion chunk (~170 B JSON)"
	// documentPayload is a 5 KiB JSON document, an order book of random prices and
	// sizes, as a dashboard or a price feed sends on every change.
	documentPayload compressionPayload = "5 KiB JSON document"
)

// compressionPayloads lists the payloads in report order.
var compressionPayloads = []compressionPayload{tokenPayload, chunkPayload, documentPayload}

// Each payload is a pool of distinct events published in turn. A pool spans far more
// than compress/flate's 32 KiB window, so that no event is coded as a copy of the
// same event published before: 4,096 tokens are about 100 KiB on the wire, as many
// chunks 700 KiB, 64 documents 320 KiB.
const (
	tokenPool    = 4096
	documentPool = 64
	documentSize = 5 << 10
)

// events returns the payload's pool of events, the same on every call.
func (p compressionPayload) events() []*sse.Event {
	r := rand.New(rand.NewPCG(1700000000, 42))
	switch p {
	case tokenPayload, chunkPayload:
		events := make([]*sse.Event, tokenPool)
		for i := range events {
			w := tokenWords[r.IntN(len(tokenWords))]
			data := `{"token":"` + w + `"}`
			if p == chunkPayload {
				data = `{"id":"chatcmpl-9Xk2mVq8LrT4bN7cPz1sW0yHdE","object":"chat.completion.chunk","created":1700000000,` +
					`"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"` + w + `"},"finish_reason":null}]}`
			}
			events[i] = &sse.Event{Data: []byte(data)}
		}
		return events
	}
	events := make([]*sse.Event, documentPool)
	for i := range events {
		events[i] = &sse.Event{ID: strconv.Itoa(1700000000 + i), Event: "book", Data: orderBook(r)}
	}
	return events
}

// tokenWords is the vocabulary of the token payload, with the leading spaces that
// tokenizers keep.
var tokenWords = []string{
	" the", " of", " and", " to", " a", " in", " is", " that", " for", " it", " as", " with",
	" on", " be", " by", " this", " are", " from", " or", " an", " server", " client",
	" event", " stream", " browser", " connection", " message", " data", " each", " when",
	" Hertz", " sends", " reads", " every", " one", " line", " which", " can", " will",
	" not", " but", " have", " has", ",", ".", ":", "\\n", " (", ")", " we", " you",
	" compress", "ion", "ing", "ed", " latency", " token", " model", " answer", " request",
}

// orderBook returns a JSON order book of documentSize bytes, give or take a level.
func orderBook(r *rand.Rand) []byte {
	symbols := []string{"HTZ", "KTX", "NTP", "SSE", "CWG"}
	b := make([]byte, 0, documentSize+256)
	b = append(b, `{"symbol":"`...)
	b = append(b, symbols[r.IntN(len(symbols))]...)
	b = append(b, `","ts":`...)
	b = strconv.AppendInt(b, 1700000000000+r.Int64N(1e9), 10)
	b = append(b, `,"levels":[`...)
	price := 50 + r.Float64()*100
	for i := 0; len(b) < documentSize-100; i++ {
		if i > 0 {
			b = append(b, ',')
		}
		side := "bid"
		if i%2 == 1 {
			side = "ask"
		}
		price += r.Float64() / 10
		b = append(b, `{"side":"`...)
		b = append(b, side...)
		b = append(b, `","price":`...)
		b = strconv.AppendFloat(b, price, 'f', 2, 64)
		b = append(b, `,"size":`...)
		b = strconv.AppendInt(b, 100*(1+r.Int64N(50)), 10)
		b = append(b, `,"orders":`...)
		b = strconv.AppendInt(b, 1+r.Int64N(20), 10)
		b = append(b, '}')
	}
	return append(b, "]}"...)
}
