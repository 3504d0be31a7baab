package emulator

import (
	"encoding/json"
	"net/http"
)

type apiMessage struct {
	Code       int          `json:"code"`
	Message    string       `json:"message"`
	Source     *apiSource   `json:"source,omitempty"`
	ErrorChain []apiMessage `json:"error_chain,omitempty"`
}

type apiSource struct {
	Pointer string `json:"pointer"`
}

func writeError(w http.ResponseWriter, status, code int, message, pointer string) int {
	msg := apiMessage{Code: code, Message: message}
	if pointer != "" {
		msg.Source = &apiSource{Pointer: pointer}
	}
	return writeEnvelope(w, status, false, nil, []apiMessage{msg})
}

func writeEnvelope(w http.ResponseWriter, status int, success bool, result any, errs []apiMessage) int {
	if errs == nil {
		errs = []apiMessage{}
	}
	return writeJSON(w, status, map[string]any{"success": success, "errors": errs, "messages": []apiMessage{}, "result": result})
}

func writeEnvelopeInfo(w http.ResponseWriter, result any, info map[string]any) int {
	return writeJSON(w, http.StatusOK, map[string]any{"success": true, "errors": []apiMessage{}, "messages": []apiMessage{}, "result": result, "result_info": info})
}

func writeJSON(w http.ResponseWriter, status int, v any) int {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
	return status
}
