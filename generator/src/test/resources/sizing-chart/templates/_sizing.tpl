{{/*
Resource sizing: the α margin model of docs/sizing.md, computed exactly as chartgen's Java
sizing stage does. All arithmetic is int64 on canonical units (millicores, mebibytes); the
decimal point of a quantity is moved by string work, never through floats.
*/}}

{{/* The preset table chartgen computed from schema/presets.yaml: required figures per size,
    in millicores and mebibytes, and the default alpha in ten-thousandths. */}}
{{- define "redis.sizing.presets" -}}
{{- toJson (dict "alpha" 5000 "default" "micro" "order" (list "nano" "micro" "small" "medium" "large" "xlarge" "2xlarge") "sizes" (dict "nano" (dict "cpuMilli" 100 "memoryMi" 128) "micro" (dict "cpuMilli" 250 "memoryMi" 256) "small" (dict "cpuMilli" 500 "memoryMi" 512) "medium" (dict "cpuMilli" 1000 "memoryMi" 1024) "large" (dict "cpuMilli" 2000 "memoryMi" 2048) "xlarge" (dict "cpuMilli" 4000 "memoryMi" 4096) "2xlarge" (dict "cpuMilli" 8000 "memoryMi" 8192))) -}}
{{- end -}}

{{/*
redis.sizing.shift: moves the decimal point of .decimal ("12.5", "7") right by .shift places
(left when negative) and returns "I.F": I without leading zeros ("0" if none), F without
trailing zeros (possibly empty).
*/}}
{{- define "redis.sizing.shift" -}}
{{- $parts := splitList "." .decimal -}}
{{- $int := first $parts -}}
{{- $frac := "" -}}
{{- if gt (len $parts) 1 }}{{ $frac = index $parts 1 }}{{ end -}}
{{- $digits := print $int $frac -}}
{{- $point := int (add (len $int) .shift) -}}
{{- if lt $point 0 -}}
{{- $digits = print (repeat (sub 0 $point | int) "0") $digits -}}
{{- $point = 0 -}}
{{- end -}}
{{- if gt $point (len $digits) -}}
{{- $digits = print $digits (repeat (sub $point (len $digits) | int) "0") -}}
{{- end -}}
{{- $i := regexReplaceAll "^0+" (substr 0 $point $digits) "" | default "0" -}}
{{- $f := regexReplaceAll "0+$" (substr $point (len $digits) $digits) "" -}}
{{- printf "%s.%s" $i $f -}}
{{- end -}}

{{/*
redis.sizing.quantity: parses .value at .path as a .kind ("memory" or "cpu") quantity and
returns whole mebibytes or millicores, rounded up; fails naming the path for anything else.
Accepted: [+]digits[.digits] then either e/E and a 1-2 digit exponent or a unit suffix
(memory: Ki Mi Gi Ti k M G T or none for bytes; cpu: m or none for cores), at most 9
decimal places once the exponent is applied, above zero, at most 4Ti or 1024 cores.
*/}}
{{- define "redis.sizing.quantity" -}}
{{- $text := toString .value -}}
{{- $memory := eq .kind "memory" -}}
{{- $re := ternary `^([+-]?)([0-9]+(\.[0-9]+)?)([eE]([+-]?[0-9]{1,2})|Ki|Mi|Gi|Ti|k|M|G|T)?$` `^([+-]?)([0-9]+(\.[0-9]+)?)([eE]([+-]?[0-9]{1,2})|m)?$` $memory -}}
{{- if not (regexMatch $re $text) -}}
{{- fail (printf "%s: expected a Kubernetes %s, found \"%s\"" .path (ternary "memory quantity such as 256Mi or 1.5Gi" "CPU quantity such as 250m or 0.5" $memory) $text) -}}
{{- end -}}
{{- $tail := regexReplaceAll $re $text "${4}" -}}
{{- $exp := 0 -}}
{{- $suffix := $tail -}}
{{- if regexMatch "^[eE]" $tail -}}
{{- $exp = atoi (regexReplaceAll $re $text "${5}") -}}
{{- $suffix = "" -}}
{{- end -}}
{{- $n := splitList "." (include "redis.sizing.shift" (dict "decimal" (regexReplaceAll $re $text "${2}") "shift" $exp)) -}}
{{- if or (eq (regexReplaceAll $re $text "${1}") "-") (and (eq (index $n 0) "0") (eq (index $n 1) "")) -}}
{{- fail (printf "%s: must be greater than zero, found \"%s\"" .path $text) -}}
{{- end -}}
{{- if gt (len (index $n 1)) 9 -}}
{{- fail (printf "%s: must have at most 9 decimal places, found \"%s\"" .path $text) -}}
{{- end -}}
{{- /* shift: decimal point moves into the base unit; result = ceil(I.F * multiplier / divisor);
       max: the largest I in the base unit, checked as text first so atoi cannot overflow. */ -}}
{{- $scales := dict
      "" (dict "shift" 0 "divisor" 1048576 "multiplier" 1 "max" 4398046511104)
      "k" (dict "shift" 3 "divisor" 1048576 "multiplier" 1 "max" 4398046511104)
      "M" (dict "shift" 6 "divisor" 1048576 "multiplier" 1 "max" 4398046511104)
      "G" (dict "shift" 9 "divisor" 1048576 "multiplier" 1 "max" 4398046511104)
      "T" (dict "shift" 12 "divisor" 1048576 "multiplier" 1 "max" 4398046511104)
      "Ki" (dict "shift" 0 "divisor" 1024 "multiplier" 1 "max" 4294967296)
      "Mi" (dict "shift" 0 "divisor" 1 "multiplier" 1 "max" 4194304)
      "Gi" (dict "shift" 0 "divisor" 1 "multiplier" 1024 "max" 4096)
      "Ti" (dict "shift" 0 "divisor" 1 "multiplier" 1048576 "max" 4) -}}
{{- if not $memory -}}
{{- $scales = dict
      "" (dict "shift" 3 "divisor" 1 "multiplier" 1 "max" 1024000)
      "m" (dict "shift" 0 "divisor" 1 "multiplier" 1 "max" 1024000) -}}
{{- end -}}
{{- $s := get $scales $suffix -}}
{{- if ne (int $s.shift) 0 -}}
{{- $n = splitList "." (include "redis.sizing.shift" (dict "decimal" (join "." $n) "shift" $s.shift)) -}}
{{- end -}}
{{- $i := index $n 0 -}}
{{- $f := index $n 1 -}}
{{- $tooLarge := printf "%s: must be at most %s, found \"%s\"" .path (ternary "4Ti" "1024 cores" $memory) $text -}}
{{- if or (gt (len $i) (len (toString $s.max))) (gt (atoi $i) (int64 $s.max)) -}}
{{- fail $tooLarge -}}
{{- end -}}
{{- $iv := atoi $i -}}
{{- $r := 0 -}}
{{- if gt (int64 $s.multiplier) 1 -}}
{{- $f9 := atoi (print $f (repeat (sub 9 (len $f) | int) "0")) -}}
{{- $r = add (mul $iv $s.multiplier) (div (add (mul $f9 $s.multiplier) 999999999) 1000000000) -}}
{{- else -}}
{{- $r = div $iv $s.divisor -}}
{{- if or (ne (mod $iv $s.divisor) 0) (ne $f "") }}{{ $r = add $r 1 }}{{ end -}}
{{- end -}}
{{- if gt (int64 $r) (int64 (ternary 4194304 1024000 $memory)) -}}
{{- fail $tooLarge -}}
{{- end -}}
{{- $r -}}
{{- end -}}

{{/* redis.sizing.memoryMi: a memory quantity (dict "value" v "path" p) in whole Mi, rounded up. */}}
{{- define "redis.sizing.memoryMi" -}}
{{- include "redis.sizing.quantity" (dict "value" .value "path" .path "kind" "memory") -}}
{{- end -}}

{{/* redis.sizing.cpuMilli: a CPU quantity (dict "value" v "path" p) in whole millicores, rounded up. */}}
{{- define "redis.sizing.cpuMilli" -}}
{{- include "redis.sizing.quantity" (dict "value" .value "path" .path "kind" "cpu") -}}
{{- end -}}

{{/*
redis.sizing.alpha: parses alpha (dict "value" v "path" p) and returns it in ten-thousandths
(0.25 -> 2500). More than 4 decimal places is rejected, not rounded, as in Java.
*/}}
{{- define "redis.sizing.alpha" -}}
{{- $text := toString .value -}}
{{- $re := `^([0-9]+(\.[0-9]+)?)([eE]([+-]?[0-9]{1,2}))?$` -}}
{{- $bad := printf "%s: expected a number >= 0 and < 1 with at most 4 decimal places, found \"%s\"" .path $text -}}
{{- if not (regexMatch $re $text) }}{{ fail $bad }}{{ end -}}
{{- $exp := 0 -}}
{{- $e := regexReplaceAll $re $text "${4}" -}}
{{- if $e }}{{ $exp = atoi $e }}{{ end -}}
{{- $n := splitList "." (include "redis.sizing.shift" (dict "decimal" (regexReplaceAll $re $text "${1}") "shift" $exp)) -}}
{{- $f := index $n 1 -}}
{{- if or (ne (index $n 0) "0") (gt (len $f) 4) }}{{ fail $bad }}{{ end -}}
{{- atoi (print $f (repeat (sub 4 (len $f) | int) "0")) -}}
{{- end -}}

{{/* redis.sizing.isSet: "true" when key .key of map .map holds a value (not missing, null or ""). */}}
{{- define "redis.sizing.isSet" -}}
{{- $v := get .map .key -}}
{{- if and (not (kindIs "invalid" $v)) (ne (toString $v) "") }}true{{ end -}}
{{- end -}}

{{/*
redis.sizing.compute: sizes a resources block (dict "resources" r "path" p) and returns JSON
{requests: {cpu, memory}, limits: {cpu, memory}, maxmemory}. Precedence per figure: explicit
requests/limits > required with alpha > preset > the default preset; cpuAlpha/memoryAlpha > alpha.
*/}}
{{- define "redis.sizing.compute" -}}
{{- $r := .resources | default dict -}}
{{- $p := .path -}}
{{- $table := include "redis.sizing.presets" . | fromJson -}}
{{- $name := $table.default -}}
{{- if include "redis.sizing.isSet" (dict "map" $r "key" "preset") -}}
{{- $name = toString $r.preset -}}
{{- if not (hasKey $table.sizes $name) -}}
{{- fail (printf "%s.preset: expected one of %s, found \"%s\"" $p (join ", " $table.order) $name) -}}
{{- end -}}
{{- end -}}
{{- $preset := get $table.sizes $name -}}
{{- $cpu := int64 $preset.cpuMilli -}}
{{- $mem := int64 $preset.memoryMi -}}
{{- $required := get $r "required" | default dict -}}
{{- if include "redis.sizing.isSet" (dict "map" $required "key" "cpu") -}}
{{- $cpu = atoi (include "redis.sizing.cpuMilli" (dict "value" $required.cpu "path" (print $p ".required.cpu"))) -}}
{{- end -}}
{{- if include "redis.sizing.isSet" (dict "map" $required "key" "memory") -}}
{{- $mem = atoi (include "redis.sizing.memoryMi" (dict "value" $required.memory "path" (print $p ".required.memory"))) -}}
{{- end -}}
{{- $alpha := int64 $table.alpha -}}
{{- if include "redis.sizing.isSet" (dict "map" $r "key" "alpha") -}}
{{- $alpha = atoi (include "redis.sizing.alpha" (dict "value" $r.alpha "path" (print $p ".alpha"))) -}}
{{- end -}}
{{- $cpuAlpha := $alpha -}}
{{- if include "redis.sizing.isSet" (dict "map" $r "key" "cpuAlpha") -}}
{{- $cpuAlpha = atoi (include "redis.sizing.alpha" (dict "value" $r.cpuAlpha "path" (print $p ".cpuAlpha"))) -}}
{{- end -}}
{{- $memAlpha := $alpha -}}
{{- if include "redis.sizing.isSet" (dict "map" $r "key" "memoryAlpha") -}}
{{- $memAlpha = atoi (include "redis.sizing.alpha" (dict "value" $r.memoryAlpha "path" (print $p ".memoryAlpha"))) -}}
{{- end -}}
{{- /* request = ceil(required * (10000 - a) / 10000); limit = required */ -}}
{{- $out := dict
      "requests" (dict "cpu" (div (add (mul $cpu (sub 10000 $cpuAlpha)) 9999) 10000)
                       "memory" (div (add (mul $mem (sub 10000 $memAlpha)) 9999) 10000))
      "limits" (dict "cpu" $cpu "memory" $mem) -}}
{{- range $kind := list "requests" "limits" -}}
{{- $explicit := get $r $kind | default dict -}}
{{- if include "redis.sizing.isSet" (dict "map" $explicit "key" "cpu") -}}
{{- $_ := set (get $out $kind) "cpu" (atoi (include "redis.sizing.cpuMilli" (dict "value" $explicit.cpu "path" (printf "%s.%s.cpu" $p $kind)))) -}}
{{- end -}}
{{- if include "redis.sizing.isSet" (dict "map" $explicit "key" "memory") -}}
{{- $_ := set (get $out $kind) "memory" (atoi (include "redis.sizing.memoryMi" (dict "value" $explicit.memory "path" (printf "%s.%s.memory" $p $kind)))) -}}
{{- end -}}
{{- end -}}
{{- $req := $out.requests -}}
{{- $lim := $out.limits -}}
{{- if gt (int64 $req.cpu) (int64 $lim.cpu) -}}
{{- fail (printf "%s.requests.cpu (%dm) must not exceed %s.limits.cpu (%dm)" $p (int64 $req.cpu) $p (int64 $lim.cpu)) -}}
{{- end -}}
{{- if gt (int64 $req.memory) (int64 $lim.memory) -}}
{{- fail (printf "%s.requests.memory (%dMi) must not exceed %s.limits.memory (%dMi)" $p (int64 $req.memory) $p (int64 $lim.memory)) -}}
{{- end -}}
{{- toJson (dict
      "requests" (dict "cpu" (printf "%dm" (int64 $req.cpu)) "memory" (printf "%dMi" (int64 $req.memory)))
      "limits" (dict "cpu" (printf "%dm" (int64 $lim.cpu)) "memory" (printf "%dMi" (int64 $lim.memory)))
      "maxmemory" (printf "%dmb" (int64 $req.memory))) -}}
{{- end -}}

{{/* redis.resources: the container's resources: block body (requests and limits) for .Values.resources. */}}
{{- define "redis.resources" -}}
{{- $s := include "redis.sizing.compute" (dict "resources" .Values.resources "path" "resources") | fromJson -}}
requests:
  cpu: {{ $s.requests.cpu }}
  memory: {{ $s.requests.memory }}
limits:
  cpu: {{ $s.limits.cpu }}
  memory: {{ $s.limits.memory }}
{{- end -}}

{{/* redis.maxmemory: the redis.conf maxmemory value for .Values.resources, e.g. 128mb (Redis: 1mb = 1024*1024 bytes). */}}
{{- define "redis.maxmemory" -}}
{{- (include "redis.sizing.compute" (dict "resources" .Values.resources "path" "resources") | fromJson).maxmemory -}}
{{- end -}}
