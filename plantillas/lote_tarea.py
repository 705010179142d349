"""Generar un lote desde la web (p. ej. un aviso de cobro por cada expediente de cobro abierto)
como tarea: el jefe lo pide, la página dice cómo va (preparando, generando k de n, guardando) y
al final lista cada borrador generado y cada expediente que quedó sin el suyo, con la razón.

Es `generar_lote`, el mismo de la línea de comandos: todo en una transacción (si la plantilla
produce un documento inválido, no se guarda ninguno), con el gestor de cada expediente como
autor y los valores por omisión de las entradas de la plantilla.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from expedientes import (
    ETAPAS_FINALES,
    NOMBRES_TIPO_EXPEDIENTE,
    AccesoDenegado,
    Actor,
    Avanzar,
    BaseDeDatos,
    ErrorDominio,
    EstadoTarea,
    Expediente,
    Manejador,
    Permiso,
    Resultado,
    Tarea,
    TipoExpediente,
    Usuario,
    anotar_tarea,
    hoy,
    puede,
)
from plantillas.instalacion import Parametros
from plantillas.lote import generar_lote
from plantillas.versiones import catalogo_del_proyecto

CLASE_LOTE = "generar_lote"
# Los productos que se listan en la página de la tarea (el resto, en la lista de documentos).
MAX_PRODUCIDOS = 300


def opciones_de_lote() -> list[tuple[str, str, list[tuple[str, str]]]]:
    """Cada plantilla (nombre, título) con los tipos de expediente en que se usa (valor, nombre)."""
    return [
        (nombre, p.contrato.titulo,
         [(t, NOMBRES_TIPO_EXPEDIENTE[TipoExpediente(t)]) for t in p.contrato.tipos_expediente])
        for nombre, p in catalogo_del_proyecto().items()
    ]  # fmt: skip


def anotar_lote(*, session: Session, usuario: Usuario, plantilla: str, tipo: str) -> Tarea:
    """Anota el lote de esa plantilla para los expedientes abiertos de ese tipo (uno a la vez)."""
    if not puede(usuario, Permiso.GENERAR_EN_LOTE):
        raise AccesoDenegado(f"{usuario.nombre_completo} no genera documentos en lote.")
    catalogo = catalogo_del_proyecto()
    if plantilla not in catalogo:
        raise ErrorDominio("No se generó nada.", ["Elija una de las plantillas de la lista."])
    contrato = catalogo[plantilla].contrato
    if tipo not in contrato.tipos_expediente:
        raise ErrorDominio(
            "No se generó nada.",
            [f"«{contrato.titulo}» no se usa en expedientes de ese tipo: elija uno de la lista."],
        )
    abiertos = session.exec(
        select(Tarea).where(
            Tarea.clase == CLASE_LOTE,
            col(Tarea.estado).in_([EstadoTarea.PENDIENTE, EstadoTarea.EN_CURSO]),
        )
    ).all()
    if any(t.parametros.get("plantilla") == plantilla for t in abiertos):
        raise ErrorDominio(
            f"Ya se está generando un lote de «{contrato.titulo}»: espere a que termine."
        )
    nombre_tipo = NOMBRES_TIPO_EXPEDIENTE[TipoExpediente(tipo)].lower()
    return anotar_tarea(
        session=session,
        usuario=usuario,
        clase=CLASE_LOTE,
        titulo=f"Generar «{contrato.titulo}» para los expedientes de {nombre_tipo} abiertos",
        parametros={"plantilla": plantilla, "tipo": tipo, "actor": usuario.nombre_usuario},
    )


def manejador_lote(*, bd: BaseDeDatos, p: Parametros, procesos: int | None = None) -> Manejador:
    """Lo que hace la tarea: el lote entero en una transacción, diciendo cómo va."""

    def generar(tarea: Tarea, avanzar: Avanzar) -> Resultado:
        datos = tarea.parametros
        with bd.sesion(Actor(datos["actor"], tarea.creada_por_id)) as s:
            expedientes = s.exec(
                select(Expediente)
                .where(Expediente.tipo == datos["tipo"],
                       col(Expediente.etapa).not_in(list(ETAPAS_FINALES)))
                .order_by(col(Expediente.numero))
            ).all()  # fmt: skip
            lote = generar_lote(
                session=s, p=p, plantilla=datos["plantilla"], expedientes=expedientes, datos={},
                autor_de=lambda e: s.get(Usuario, e.gestor_id) if e.gestor_id else None,
                hoy=hoy(), procesos=procesos, avanzar=avanzar,
            )  # fmt: skip
            numeros = {e.id: e.numero for e in expedientes}
            producidos = tuple(
                ("documento", str(d.id), f"{d.numero} · {numeros.get(d.expediente_id, '')}")
                for d in lote.documentos[:MAX_PRODUCIDOS]
            )
        omitidos = tuple(f"{n}: {'; '.join(p)}" for n, p in lote.omitidos.items())
        mensaje = (
            f"Se generaron {len(lote.documentos)} borrador(es) de {len(expedientes)} expediente(s)."
        )
        if omitidos:
            mensaje += f" {len(omitidos)} expediente(s) quedaron sin el suyo (vea por qué)."
        return Resultado("", "", mensaje, omitidos, producidos)

    return generar
