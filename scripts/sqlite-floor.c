// SQLite's floor for an import (docs/README-bench.md, seventh round): reads the jobs rows (the 28
// values JobWriter binds) and raw blocks of a ledger soracost imported into memory, then inserts
// them into a fresh ledger with the same schema, statement, settings and 50,000-row transactions,
// values bound in place, and prints the CPU and wall time of the inserts alone. Not built by make:
//   cc -O2 -o /tmp/sqlite-floor scripts/sqlite-floor.c -lsqlite3
//   /tmp/sqlite-floor LEDGER OUT [1]     (1: build the created_at index after the rows)
// OUT is deleted first. The settings must follow Database.swift and the statement JobWriter.swift.
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
static void ex(sqlite3*db,const char*s){char*e=0;if(sqlite3_exec(db,s,0,0,&e)){fprintf(stderr,"%s: %s\n",s,e);exit(1);}}
static double cpu(void){struct timespec t;clock_gettime(CLOCK_PROCESS_CPUTIME_ID,&t);return t.tv_sec+t.tv_nsec/1e9;}
static double wall(void){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec/1e9;}
#define NC 28
static const char*COLS="provider, video_id, account, model, status, progress, seconds, width, height, created_at, completed_at, expires_at, remixed_from, error_code, error_message, project, user_name, tags, is_batch, kind, segment_seconds, prompt, first_seen, first_source, raw_hash, raw_block, raw_offset, raw_length";
int main(int argc,char**argv){
  if(argc<3){fprintf(stderr,"usage: %s LEDGER OUT [1]\n",argv[0]);return 2;}
  const char*src=argv[1],*dst=argv[2]; int noidx=argc>3?atoi(argv[3]):0;
  sqlite3_config(SQLITE_CONFIG_MEMSTATUS,0);
  sqlite3*s; sqlite3_open_v2(src,&s,SQLITE_OPEN_READONLY,0);
  char q[4096]; snprintf(q,sizeof q,"SELECT %s FROM jobs ORDER BY id",COLS);
  sqlite3_stmt*st; if(sqlite3_prepare_v2(s,q,-1,&st,0)){fprintf(stderr,"%s\n",sqlite3_errmsg(s));return 1;}
  long cap=1<<20,n=0; sqlite3_value**v=malloc(sizeof(void*)*NC*cap);
  while(sqlite3_step(st)==SQLITE_ROW){ if(n==cap){cap*=2;v=realloc(v,sizeof(void*)*NC*cap);} for(int c=0;c<NC;c++) v[n*NC+c]=sqlite3_value_dup(sqlite3_column_value(st,c)); n++; }
  sqlite3_finalize(st);
  sqlite3_prepare_v2(s,"SELECT id,size,data FROM raw_blocks ORDER BY id",-1,&st,0);
  long nb=0,bcap=1<<14; sqlite3_value**b=malloc(sizeof(void*)*3*bcap);
  while(sqlite3_step(st)==SQLITE_ROW){ if(nb==bcap){bcap*=2;b=realloc(b,sizeof(void*)*3*bcap);} for(int c=0;c<3;c++) b[nb*3+c]=sqlite3_value_dup(sqlite3_column_value(st,c)); nb++; }
  sqlite3_finalize(st);
  // Schema: every table and index of the source, as stored.
  remove(dst); char w[512]; snprintf(w,512,"%s-wal",dst); remove(w); snprintf(w,512,"%s-shm",dst); remove(w);
  sqlite3*d; sqlite3_open_v2(dst,&d,SQLITE_OPEN_READWRITE|SQLITE_OPEN_CREATE|SQLITE_OPEN_NOMUTEX,0);
  ex(d,"PRAGMA page_size=16384; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-16384; PRAGMA wal_autocheckpoint=6103; PRAGMA foreign_keys=ON;");
  sqlite3_prepare_v2(s,"SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY CASE type WHEN 'table' THEN 0 ELSE 1 END, rowid",-1,&st,0);
  ex(d,"BEGIN");
  while(sqlite3_step(st)==SQLITE_ROW){ const char*sql=(const char*)sqlite3_column_text(st,0); if(noidx&&strstr(sql,"jobs_by_created")) continue; ex(d,sql);} sqlite3_finalize(st);
  sqlite3_stmt*cp; sqlite3_prepare_v2(s,"SELECT * FROM sources",-1,&cp,0); // sources rows for the foreign keys
  sqlite3_stmt*ins; sqlite3_prepare_v2(d,"INSERT INTO sources (id, kind, name) VALUES (?, 'file', ?)",-1,&ins,0);
  while(sqlite3_step(cp)==SQLITE_ROW){ sqlite3_bind_int64(ins,1,sqlite3_column_int64(cp,0)); sqlite3_bind_text(ins,2,(const char*)sqlite3_column_text(cp,2),-1,SQLITE_TRANSIENT); sqlite3_step(ins); sqlite3_reset(ins);} 
  sqlite3_finalize(ins); sqlite3_finalize(cp); ex(d,"COMMIT");
  snprintf(q,sizeof q,"INSERT INTO jobs (provider, video_id, account, model, status, progress, seconds, width, height, created_at, completed_at, expires_at, remixed_from, error_code, error_message, project, user_name, tags, is_batch, kind, segment_seconds, prompt, first_seen, last_seen, first_source, last_source, raw_hash, raw_block, raw_offset, raw_length) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?23, ?24, ?24, ?25, ?26, ?27, ?28) ON CONFLICT (provider, video_id) DO NOTHING");
  sqlite3_stmt*ij; if(sqlite3_prepare_v2(d,q,-1,&ij,0)){fprintf(stderr,"%s\n",sqlite3_errmsg(d));return 1;}
  sqlite3_stmt*ib; sqlite3_prepare_v2(d,"INSERT INTO raw_blocks (id, size, data) VALUES (?, ?, ?)",-1,&ib,0);
  double c0=cpu(),w0=wall(); long bi=0;
  ex(d,"BEGIN IMMEDIATE");
  for(long i=0;i<n;i++){
    for(int c=0;c<NC;c++){ sqlite3_value*x=v[i*NC+c];
      switch(sqlite3_value_type(x)){
        case SQLITE_INTEGER: sqlite3_bind_int64(ij,c+1,sqlite3_value_int64(x)); break;
        case SQLITE_TEXT: sqlite3_bind_text(ij,c+1,(const char*)sqlite3_value_text(x),sqlite3_value_bytes(x),SQLITE_STATIC); break;
        case SQLITE_BLOB: sqlite3_bind_blob(ij,c+1,sqlite3_value_blob(x),sqlite3_value_bytes(x),SQLITE_STATIC); break;
        default: sqlite3_bind_null(ij,c+1); } }
    if(sqlite3_step(ij)!=SQLITE_DONE){fprintf(stderr,"%s\n",sqlite3_errmsg(d));return 1;} sqlite3_reset(ij);
    long blk=sqlite3_value_int64(v[i*NC+25]);
    while(bi<nb && sqlite3_value_int64(b[bi*3])<blk){ for(int c=0;c<3;c++){sqlite3_value*x=b[bi*3+c]; if(c<2) sqlite3_bind_int64(ib,c+1,sqlite3_value_int64(x)); else sqlite3_bind_blob(ib,3,sqlite3_value_blob(x),sqlite3_value_bytes(x),SQLITE_STATIC);} sqlite3_step(ib); sqlite3_reset(ib); bi++; }
    if((i+1)%50000==0){ex(d,"COMMIT");ex(d,"BEGIN IMMEDIATE");}
  }
  while(bi<nb){ for(int c=0;c<3;c++){sqlite3_value*x=b[bi*3+c]; if(c<2) sqlite3_bind_int64(ib,c+1,sqlite3_value_int64(x)); else sqlite3_bind_blob(ib,3,sqlite3_value_blob(x),sqlite3_value_bytes(x),SQLITE_STATIC);} sqlite3_step(ib); sqlite3_reset(ib); bi++; }
  ex(d,"COMMIT");
  if(noidx){ ex(d,"CREATE INDEX jobs_by_created ON jobs (created_at)"); }
  double c1=cpu(),w1=wall();
  printf("rows %ld blocks %ld: cpu %.2f s wall %.2f s (%.0f rows/s)\n",n,nb,c1-c0,w1-w0,n/(w1-w0));
  return 0;
}
