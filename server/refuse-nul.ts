import type { NextFunction, Request, Response } from "express";

// A NUL byte (%00) in a request's path or query string is never part of an id, a filter or a search: no route takes
// one, and PostgreSQL cannot even compare text holding one (every query with it fails, a 500). Such requests are
// refused here, before routing, with 400; drill:bad-input found them answering 500 on every route in scale-out mode.

const NUL = /%00/;

export function refuseNulInUrl() {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!NUL.test(req.originalUrl)) return next();
    res.status(400).type("text/plain").send("The address holds a NUL character (%00).");
  };
}
