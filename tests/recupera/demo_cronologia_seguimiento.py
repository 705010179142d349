"""Las reglas de cronología del seguimiento, el archivo y los avisos de la demostración: el
convenio se firma después de quedar final y antes de su primera cuota, se paga después de
firmado, una cuota solo está vencida si su fecha pasó, el expediente se sella después de su
último documento, y cada aviso es posterior a lo que avisa."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from expedientes import dias_habiles_despues
from tests.recupera.demo_cronologia import Fila, Foto, Revision, dia, nacimiento

# La tolerancia de la instalación por omisión (RECUPERA_TOLERANCIA_CUOTA_DIAS), la de la demo.
TOLERANCIA = 5
UN_MINUTO = timedelta(minutes=1)


def _limite(cuota: Fila) -> date:
    """El último día en que la cuota aún no está vencida."""
    return dias_habiles_despues(cuota["vence_el"], TOLERANCIA)


def _cuotas(foto: Foto) -> dict[int, list[Fila]]:
    """Las cuotas de cada convenio, en orden."""
    cuotas: dict[int, list[Fila]] = defaultdict(list)
    for q in sorted(foto.filas["cuota_convenio"], key=lambda q: q["numero"]):
        cuotas[q["convenio_id"]].append(q)
    return cuotas


def convenios_en_orden(foto: Foto) -> Revision:
    """Final, registrado, firmado (no antes de su fecha), vigente desde la firma; sus cuotas
    vencen después de la firma, una tras otra."""
    r = Revision()
    documentos, cuotas = foto.por("documento_generado", "numero"), _cuotas(foto)
    for c in foto.filas["convenio"]:
        n, d = c["documento_numero"], documentos[c["documento_numero"]]
        r.exigir(d["final_en"] is not None and d["final_en"] <= c["creado_en"], f"{n} se registró antes de quedar final")  # fmt: skip
        firma = c["firmado_el"]
        r.exigir(firma is not None and d["fecha"] <= firma and dia(d["final_en"]) <= firma, f"{n} del {d['fecha']} firmado el {firma}")  # fmt: skip
        r.exigir(c["vigente_desde"] is None or c["vigente_desde"] >= firma, f"{n} vigente desde {c['vigente_desde']}")  # fmt: skip
        r.exigir(c["cerrado_el"] is None or c["cerrado_el"] > firma, f"{n} cerrado el {c['cerrado_el']}")  # fmt: skip
        vences = [q["vence_el"] for q in cuotas[c["id"]]]
        r.exigir(bool(vences) and firma < vences[0] and vences == sorted(set(vences)), f"{n}: firmado {firma}, cuotas {vences}")  # fmt: skip
    return r


def cuotas_vencidas_si_paso_su_fecha(foto: Foto) -> Revision:
    """Una cuota se requiere solo después de su límite de pago; un convenio incumplido tenía
    vencidas las cuotas que su cláusula pide, y uno vigente no tiene ninguna."""
    r = Revision()
    documentos, cuotas = foto.por("documento_generado", "numero"), _cuotas(foto)
    for c in foto.filas["convenio"]:
        for q in cuotas[c["id"]]:
            if q["requerimiento_numero"] is not None:
                requerimiento = documentos[q["requerimiento_numero"]]
                r.exigir(_limite(q) < requerimiento["fecha"], f"cuota {q['numero']} de {c['documento_numero']} requerida el {requerimiento['fecha']}")  # fmt: skip
            if q["pagada_el"] is not None:
                r.exigir(c["firmado_el"] <= q["pagada_el"] <= foto.hoy and q["pagado"] == q["monto"], f"cuota {q['numero']} de {c['documento_numero']} pagada el {q['pagada_el']}")  # fmt: skip
        al = c["cerrado_el"] if c["estado"] == "incumplido" else foto.hoy
        vencidas = [q for q in cuotas[c["id"]] if q["pagado"] < q["monto"] and _limite(q) < al]
        if c["estado"] == "incumplido":
            r.exigir(len(vencidas) >= c["cuotas_para_incumplir"], f"{c['documento_numero']} incumplido el {al} con {len(vencidas)} vencidas")  # fmt: skip
        if c["estado"] == "vigente":
            r.exigir(not vencidas, f"{c['documento_numero']} vigente con cuotas vencidas al {al}")
    return r


def pagos_despues_de_firmar(foto: Foto) -> Revision:
    """Un pago se importa después de hecho, y solo se aplica a un convenio ya firmado."""
    r = Revision()
    pagos, convenios = foto.por("pago"), foto.por("convenio")
    for p in foto.filas["pago"]:
        r.exigir(p["fecha"] <= dia(p["creado_en"]), f"pago {p['referencia']} del {p['fecha']} importado {p['creado_en']}")  # fmt: skip
    for a in foto.filas["aplicacion_pago"]:
        p, c = pagos[a["pago_id"]], convenios[a["convenio_id"]]
        r.exigir(c["firmado_el"] is not None and p["fecha"] >= c["firmado_el"],
                 f"pago {p['referencia']} del {p['fecha']} aplicado a {c['documento_numero']} firmado {c['firmado_el']}")  # fmt: skip
    return r


def alertas_despues_del_hecho(foto: Foto) -> Revision:
    """La alerta de una cuota nace pasado su límite de pago; la de proponer el traslado, el día
    en que el convenio se incumplió."""
    r = Revision()
    convenios, cuotas = foto.por("convenio"), _cuotas(foto)
    for a in foto.filas["alerta"]:
        c = convenios[a["convenio_id"]]
        r.exigir(c["firmado_el"] < a["creada_el"] <= foto.hoy, f"alerta {a['clave']} del {a['creada_el']}")  # fmt: skip
        if a["tipo"] == "cuota-vencida":
            numero = int(a["clave"].split("-")[1])
            (q,) = [q for q in cuotas[c["id"]] if q["numero"] == numero]
            r.exigir(_limite(q) < a["creada_el"], f"alerta {a['clave']} del {a['creada_el']}; la cuota vence {q['vence_el']}")  # fmt: skip
        if a["tipo"] == "proponer-traslado":
            r.exigir(a["creada_el"] == c["cerrado_el"], f"alerta {a['clave']} del {a['creada_el']}")
    return r


def sellado_al_final(foto: Foto) -> Revision:
    """Un expediente se sella cerrado, después de su último documento y su última gestión."""
    r = Revision()
    expedientes = foto.por("expediente")
    for s in foto.filas["sello"]:
        e, sellado = expedientes[s["expediente_id"]], s["sellado_en"]
        propios = [d for d in foto.filas["documento_expediente"] if d["expediente_id"] == e["id"] and not d["correccion"]]  # fmt: skip
        gestiones = [g for g in foto.filas["gestion"] if g["expediente_id"] == e["id"]]
        antes = [nacimiento(f) for f in propios + gestiones]
        r.exigir(bool(propios) and all(a is not None and a < sellado for a in antes), f"{e['numero']} sellado {sellado} antes de su último documento")  # fmt: skip
        r.exigir(e["cerrado_el"] is not None and max(d["fecha"] for d in propios) <= e["cerrado_el"] <= dia(sellado),
                 f"{e['numero']} cerrado el {e['cerrado_el']}, sellado {sellado}")  # fmt: skip
        r.exigir(e["sellado_en"] is not None and abs(e["sellado_en"] - sellado) < UN_MINUTO, f"{e['numero']} sellado {e['sellado_en']}; su sello {sellado}")  # fmt: skip
    return r


def _avisado(foto: Foto, aviso: Fila) -> Fila | None:
    """El objeto del que avisa el aviso."""
    tabla, clave = {"carta": ("correspondencia", "numero"), "expediente": ("expediente", "numero"),
                    "salida": ("saliente", "numero"), "documento": ("documento_generado", "id")}[aviso["objeto"]]  # fmt: skip
    referencia = int(aviso["referencia"]) if clave == "id" else aviso["referencia"]
    return foto.por(tabla, clave).get(referencia)


def avisos_despues_del_hecho(foto: Foto) -> Revision:
    """Un aviso nace después de lo que avisa: del objeto, de su aprobación o de que quedara final,
    de su rebote, o de que venciera su plazo."""
    r = Revision()
    for a in foto.filas["aviso"]:
        objeto, nacio = _avisado(foto, a), a["creado_en"]
        antes = nacimiento(objeto) if objeto is not None else None
        r.exigir(
            antes is not None and antes <= nacio,
            f"aviso {a['evento']} de {a['referencia']} del {nacio}",
        )
        if objeto is None:
            continue
        hecho = {"documento_aprobado": "aprobado_en", "documento_final": "final_en", "salida_rebotada": "enviado_en"}.get(a["evento"])  # fmt: skip
        if hecho:
            r.exigir(objeto[hecho] is not None and objeto[hecho] <= nacio, f"aviso {a['evento']} de {a['referencia']} del {nacio}")  # fmt: skip
        if a["evento"].endswith("_vencida") and "vence_el" in objeto:
            r.exigir(objeto["vence_el"] < dia(nacio), f"aviso {a['evento']} de {a['referencia']} del {nacio}; vence {objeto['vence_el']}")  # fmt: skip
    return r


REGLAS_DE_SEGUIMIENTO = [
    convenios_en_orden,
    cuotas_vencidas_si_paso_su_fecha,
    pagos_despues_de_firmar,
    alertas_despues_del_hecho,
    sellado_al_final,
    avisos_despues_del_hecho,
]
