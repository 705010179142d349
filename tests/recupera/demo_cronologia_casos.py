"""Las reglas de cronología de los expedientes, la mora, las cartas y los documentos de la
demostración: cada cosa después de la que la origina."""

from __future__ import annotations

from datetime import timedelta

from tests.recupera.demo_cronologia import Foto, Revision, dia

FINALES = ("cerrado", "anulado")
UN_MINUTO = timedelta(minutes=1)


def expedientes_en_orden(foto: Foto) -> Revision:
    """Se abre el día de su fecha de apertura, con la mora del patrono ya importada; se cierra
    (o anula) después, el día en que la bitácora lo dice."""
    r = Revision()
    cierres = {
        int(f["entidad_id"]): dia(f["cuando"])
        for f in foto.filas["auditoria"]
        if f["entidad"] == "expediente" and (f["despues"] or {}).get("etapa") in FINALES
    }
    mora = foto.filas["deuda_periodo"]
    for e in foto.filas["expediente"]:
        n = e["numero"]
        r.exigir(dia(e["creado_en"]) == e["abierto_el"], f"{n} se abrió el {dia(e['creado_en'])}")
        r.exigir((e["cerrado_el"] is not None) == (e["etapa"] in FINALES), f"{n} {e['etapa']} y cerrado el {e['cerrado_el']}")  # fmt: skip
        if e["cerrado_el"] is not None:
            r.exigir(e["abierto_el"] <= e["cerrado_el"] == cierres.get(e["id"]),
                     f"{n}: abierto {e['abierto_el']}, cerrado {e['cerrado_el']}, bitácora {cierres.get(e['id'])}")  # fmt: skip
        previa = [d for d in mora if d["patrono_id"] == e["patrono_id"] and d["creado_en"] <= e["creado_en"]]  # fmt: skip
        r.exigir(bool(previa), f"{n} se abrió sin mora importada de su patrono")
    return r


def cerrados_sin_pendientes(foto: Foto) -> Revision:
    """Un expediente se cierra (o se anula) cuando ya nada sigue en curso en él: ningún documento
    en redacción o revisión, ninguna carta suya esperando respuesta, ninguna carta recibida por
    tramitar; y después de cerrado nada entra en él (salvo el sellado)."""
    r = Revision()
    cerrados = {e["id"]: e for e in foto.filas["expediente"] if e["cerrado_el"] is not None}
    for tabla in ("documento_expediente", "documento_generado", "gestion", "saliente"):
        for f in foto.filas[tabla]:
            e = cerrados.get(f["expediente_id"])
            if e is not None:
                r.exigir(dia(f["creado_en"]) <= e["cerrado_el"], f"{tabla} {f['id']} entró a {e['numero']} después de cerrarse")  # fmt: skip
    en_curso: dict[int, list[str]] = {}
    for d in foto.filas["documento_generado"]:
        if d["estado"] in ("borrador", "en_revision", "observado", "aprobado"):
            en_curso.setdefault(d["expediente_id"], []).append(d["numero"])
    for s in foto.filas["saliente"]:
        if (
            s["vence_el"] is not None
            and s["respondida_por_id"] is None
            and s["estado"] != "anulada"
        ):
            en_curso.setdefault(s["expediente_id"], []).append(s["numero"])
    for c in foto.filas["correspondencia"]:
        if c["estado"] in ("registrada", "asignada", "en_tramite"):
            en_curso.setdefault(c["expediente_id"], []).append(c["numero"])
    for e in foto.filas["expediente"]:
        if e["etapa"] in FINALES:
            r.exigir(not en_curso.get(e["id"]), f"{e['numero']} {e['etapa']} con {en_curso.get(e['id'])} en curso")  # fmt: skip
    return r


def mora_importada_vencida(foto: Foto) -> Revision:
    """Cada periodo llega en el estado de cuenta después de vencer su pago."""
    r = Revision()
    for d in foto.filas["deuda_periodo"]:
        r.exigir(d["periodo"] < d["fecha_limite_pago"] < dia(d["creado_en"]),
                 f"mora {d['periodo']} del patrono {d['patrono_id']}: vence {d['fecha_limite_pago']}, importada {dia(d['creado_en'])}")  # fmt: skip
    return r


def gestiones_en_su_expediente(foto: Foto) -> Revision:
    """Una gestión es de un día en que su expediente estaba abierto, y se anota ese día o
    después."""
    r = Revision()
    expedientes = foto.por("expediente")
    for g in foto.filas["gestion"]:
        e = expedientes[g["expediente_id"]]
        hasta = e["cerrado_el"] or foto.hoy
        r.exigir(e["abierto_el"] <= g["fecha"] <= dia(g["creado_en"]) and g["fecha"] <= hasta,
                 f"gestión {g['id']} del {g['fecha']} (anotada {dia(g['creado_en'])}) en {e['numero']} ({e['abierto_el']}–{hasta})")  # fmt: skip
    return r


def cartas_en_orden(foto: Foto) -> Revision:
    """Escrita, recibida, registrada (en la carpeta de entrada, a los minutos), y después
    respondida; su plazo vence después de recibirla."""
    r = Revision()
    for c in foto.filas["correspondencia"]:
        n = c["numero"]
        r.exigir((c["fecha_documento"] or c["recibido_en"]) <= c["recibido_en"] <= c["creado_en"],
                 f"{n}: escrita {c['fecha_documento']}, recibida {c['recibido_en']}, registrada {c['creado_en']}")  # fmt: skip
        r.exigir(c["creado_en"] - c["recibido_en"] < timedelta(hours=1), f"{n} se registró tarde")
        r.exigir(c["vence_el"] is None or c["vence_el"] > dia(c["recibido_en"]), f"{n} vence el {c['vence_el']}")  # fmt: skip
        r.exigir((c["respondida_en"] is not None) == (c["estado"] == "respondida"),
                 f"{n} {c['estado']} respondida el {c['respondida_en']}")  # fmt: skip
        if c["respondida_en"] is not None:
            r.exigir(c["respondida_en"] > c["creado_en"], f"{n} se respondió antes de registrarse")
    return r


def salidas_en_orden(foto: Foto) -> Revision:
    """El número se reserva con el borrador; la carta se emite el día en que el documento queda
    final (y no antes de la fecha que lleva), sale después y se entrega después de salir."""
    r = Revision()
    documentos = foto.por("documento_generado", "numero")
    for s in foto.filas["saliente"]:
        n, d = s["numero"], documentos[s["documento"]]
        r.exigir(abs(s["creado_en"] - d["creado_en"]) < UN_MINUTO, f"{n} no se reservó con {d['numero']}")  # fmt: skip
        r.exigir(s["emitida_el"] == d["fecha"] >= dia(s["creado_en"]), f"{n} emitida el {s['emitida_el']}; {d['numero']} es del {d['fecha']}")  # fmt: skip
        if d["final_en"] is not None:
            r.exigir(s["emitida_el"] == dia(d["final_en"]), f"{n} emitida {s['emitida_el']}, final {d['final_en']}")  # fmt: skip
        enviado, entregado = s["enviado_en"], s["entregado_en"]
        if enviado is not None:
            r.exigir(d["final_en"] is not None and d["final_en"] < enviado, f"{n} salió ({enviado}) antes de quedar final")  # fmt: skip
        if entregado is not None:
            r.exigir(enviado is not None and enviado < entregado, f"{n} se entregó ({entregado}) antes de salir ({enviado})")  # fmt: skip
        if s["vence_el"] is not None:
            r.exigir(s["vence_el"] > s["emitida_el"], f"{n} vence el {s['vence_el']}")
    return r


def respuestas_despues_de_la_carta(foto: Foto) -> Revision:
    """Un oficio de respuesta se redacta después de registrada la carta que responde, y la deja
    respondida cuando queda final; la carta citada está en su expediente."""
    r = Revision()
    cartas = foto.por("correspondencia")
    documentos = foto.por("documento_generado", "numero")
    for s in foto.filas["saliente"]:
        if s["responde_a_id"] is None:
            continue
        c, d = cartas[s["responde_a_id"]], documentos[s["documento"]]
        r.exigir(c["creado_en"] < d["creado_en"] and dia(c["recibido_en"]) <= d["fecha"],
                 f"{s['numero']} ({d['fecha']}) responde a {c['numero']} registrada {c['creado_en']}")  # fmt: skip
        if d["final_en"] is not None:
            r.exigir(c["respondida_en"] is not None and abs(c["respondida_en"] - d["final_en"]) < UN_MINUTO,
                     f"{c['numero']} respondida {c['respondida_en']}; {d['numero']} final {d['final_en']}")  # fmt: skip
        r.exigir(c["expediente_id"] == s["expediente_id"], f"{s['numero']} no es del expediente de {c['numero']}")  # fmt: skip
    return r


def documentos_en_orden(foto: Foto) -> Revision:
    """Redactado (en su fecha o antes), aprobado después, final después de aprobado; su
    historia de revisión, en ese orden."""
    r = Revision()
    eventos: dict[int, list[dict]] = {}
    for ev in sorted(foto.filas["evento_documento"], key=lambda ev: ev["id"]):
        eventos.setdefault(ev["documento_id"], []).append(ev)
    for d in foto.filas["documento_generado"]:
        n, vida = d["numero"], eventos.get(d["id"], [])
        r.exigir(dia(d["creado_en"]) <= d["fecha"] <= dia(d["actualizado_en"]), f"{n} de fecha {d['fecha']} creado {d['creado_en']}")  # fmt: skip
        instantes = [d["creado_en"], d["aprobado_en"], d["final_en"]]
        hasta = instantes.index(None) if None in instantes else len(instantes)
        pasos = instantes[:hasta]
        r.exigir(pasos == sorted(pasos) and not any(instantes[hasta:]),
                 f"{n}: creado {d['creado_en']}, aprobado {d['aprobado_en']}, final {d['final_en']}")  # fmt: skip
        r.exigir(bool(vida) and vida[0]["accion"] == "crear" and abs(vida[0]["cuando"] - d["creado_en"]) < UN_MINUTO,
                 f"la historia de {n} no empieza con su creación")  # fmt: skip
        cuando = [ev["cuando"] for ev in vida]
        r.exigir(cuando == sorted(cuando), f"la historia de {n} no está en orden")
        for accion, columna in (("aprobar", "aprobado_en"), ("finalizar", "final_en")):
            ultimo = [ev["cuando"] for ev in vida if ev["accion"] == accion][-1:]
            if d[columna] is not None:
                r.exigir(bool(ultimo) and abs(ultimo[0] - d[columna]) < UN_MINUTO, f"{n}: {columna} {d[columna]} y su historia {ultimo}")  # fmt: skip
    return r


def folios_en_orden(foto: Foto) -> Revision:
    """Los documentos de un expediente entran en orden, el día de su fecha o después, y ninguno
    es de antes de que se abriera (ni una carta incorporada, de antes de recibirse)."""
    r = Revision()
    expedientes, cartas = foto.por("expediente"), foto.por("correspondencia", "numero")
    por_expediente: dict[int, list[dict]] = {}
    for d in sorted(foto.filas["documento_expediente"], key=lambda d: d["orden"]):
        por_expediente.setdefault(d["expediente_id"], []).append(d)
        e = expedientes[d["expediente_id"]]
        r.exigir(e["abierto_el"] <= d["fecha"] <= dia(d["creado_en"]),
                 f"folio {d['orden']} de {e['numero']}: fecha {d['fecha']}, incorporado {d['creado_en']}, abierto {e['abierto_el']}")  # fmt: skip
        carta = cartas.get(d["referencia"])
        if carta is not None:
            r.exigir(carta["creado_en"] <= d["creado_en"] and dia(carta["recibido_en"]) <= d["fecha"],
                     f"{carta['numero']} se incorporó a {e['numero']} antes de recibirse")  # fmt: skip
    for numero, documentos in por_expediente.items():
        entradas = [d["creado_en"] for d in documentos]
        r.exigir(
            entradas == sorted(entradas), f"los folios del expediente {numero} no están en orden"
        )
    return r


REGLAS_DE_CASOS = [
    expedientes_en_orden,
    cerrados_sin_pendientes,
    mora_importada_vencida,
    gestiones_en_su_expediente,
    cartas_en_orden,
    salidas_en_orden,
    respuestas_despues_de_la_carta,
    documentos_en_orden,
    folios_en_orden,
]
